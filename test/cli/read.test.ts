import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { parquetWriteBuffer } from "hyparquet-writer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const cli = new URL("../../dist/cli/main.js", import.meta.url).pathname;

/** Runs the built CLI as a separate process, stdout and stderr pipes (not terminals). */
async function sdfkit(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** What `wc -l` counts: newline characters. */
async function wcLines(path: string): Promise<number> {
  const { stdout } = await run("wc", ["-l", path]);
  return Number(stdout.trim().split(/\s+/)[0]);
}

let dir: string;
const lines = Array.from({ length: 20_000 }, (_, i) => `${i},user-${i % 97},${"x".repeat(i % 30)}`);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "sdfkit-cli-"));
  writeFileSync(join(dir, "a.csv"), `${lines.slice(0, 12_000).join("\n")}\n`);
  writeFileSync(join(dir, "b.csv"), `${lines.slice(12_000).join("\n")}\n`);
  writeFileSync(join(dir, "c.csv.gz"), gzipSync("g1\ng2\ng3\n"));
  writeFileSync(join(dir, "events.jsonl"), `${Array.from({ length: 500 }, (_, i) => JSON.stringify({ id: i, kind: i % 2 ? "a" : "b" })).join("\n")}\n`);
  writeFileSync(join(dir, "pipes.txt"), "r1||r2||r3");
  writeFileSync(join(dir, "header.csv"), "id,name\n1,a\n2,b\n");
  const ids = [1n, 2n, 9007199254740993n];
  const parquet = parquetWriteBuffer({
    columnData: [
      { name: "id", data: BigInt64Array.from(ids), type: "INT64" },
      { name: "name", data: ["a", "b", null], type: "STRING", nullable: true },
      { name: "raw", data: [Uint8Array.of(1, 2), Uint8Array.of(255), Uint8Array.of()], type: "BYTE_ARRAY" },
    ],
    rowGroupSize: 2,
  });
  writeFileSync(join(dir, "rows.parquet"), new Uint8Array(parquet));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("sdfkit read", () => {
  it("--count equals wc -l for a file split into many pieces on 4 workers", async () => {
    const { code, stdout, stderr } = await sdfkit("read", join(dir, "a.csv"), "--count", "--split-size", "8KiB");
    expect(code).toBe(0);
    expect(Number(stdout.trim().split("\n").at(-1))).toBe(await wcLines(join(dir, "a.csv")));
    expect(stderr).toMatch(/read 12000 records from 1 input\(s\)/);
  });

  it("prints every record of a glob once, and nothing else on stdout; no progress bar when stderr is not a terminal", async () => {
    const { code, stdout, stderr } = await sdfkit("read", join(dir, "*.csv"), "--parallelism", "3", "--split-size", "16k");
    expect(code).toBe(0);
    const printed = stdout.split("\n").filter((line) => line !== "");
    expect(printed.sort()).toEqual([...lines, "id,name", "1,a", "2,b"].sort());
    expect(stderr).not.toMatch(/\d+%|ETA/);
    expect(stderr.trim().split("\n")).toHaveLength(1);
  });

  it("reads gzip, JSON lines (by extension) and --output jsonl", async () => {
    expect((await sdfkit("read", join(dir, "c.csv.gz"))).stdout).toBe("g1\ng2\ng3\n");
    const jsonl = await sdfkit("read", join(dir, "events.jsonl"), "--parallelism", "1");
    expect(jsonl.stdout.split("\n").filter(Boolean).map((line) => JSON.parse(line) as { id: number }).map((e) => e.id)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    const asJson = await sdfkit("read", join(dir, "header.csv"), "--output", "jsonl");
    expect(asJson.stdout).toBe('"id,name"\n"1,a"\n"2,b"\n');
  });

  it("reads Parquet (by extension) as JSON rows: big INT64 as a decimal string, bytes as base64; --columns projects", async () => {
    const all = await sdfkit("read", join(dir, "rows.parquet"), "--parallelism", "1");
    expect(all.code).toBe(0);
    expect(all.stdout.split("\n").filter(Boolean).map((line) => JSON.parse(line) as unknown)).toEqual([
      { id: 1, name: "a", raw: "AQI=" },
      { id: 2, name: "b", raw: "/w==" },
      { id: "9007199254740993", name: null, raw: "" },
    ]);
    const projected = await sdfkit("read", join(dir, "rows.parquet"), "--columns", "name,id", "--output", "jsonl", "--parallelism", "1");
    expect(projected.stdout.split("\n").filter(Boolean)).toEqual(['{"name":"a","id":1}', '{"name":"b","id":2}', '{"name":null,"id":"9007199254740993"}']);
    const unknown = await sdfkit("read", join(dir, "rows.parquet"), "--columns", "nope");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Column "nope".*id, name, raw/);
    expect((await sdfkit("read", join(dir, "a.csv"), "--columns", "id")).code).toBe(2);
  });

  it("--delimiter and --skip-header shape the records", async () => {
    expect((await sdfkit("read", join(dir, "pipes.txt"), "--delimiter", "||")).stdout).toBe("r1\nr2\nr3\n");
    expect((await sdfkit("read", join(dir, "header.csv"), "--skip-header", "1")).stdout).toBe("1,a\n2,b\n");
  });

  it("a missing file exits 1 with one line naming the path on stderr", async () => {
    const missing = join(dir, "nope.csv");
    const { code, stdout, stderr } = await sdfkit("read", missing);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain(missing);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).not.toMatch(/\s+at /);
  });

  it("--verbose adds the stack trace", async () => {
    const { code, stderr } = await sdfkit("--verbose", "read", join(dir, "nope.csv"));
    expect(code).toBe(1);
    expect(stderr).toMatch(/\s+at /);
  });

  it("bad flags and bad values exit 2", async () => {
    expect((await sdfkit("read", join(dir, "a.csv"), "--no-such-flag")).code).toBe(2);
    expect((await sdfkit("read", join(dir, "a.csv"), "--parallelism", "0")).code).toBe(2);
    expect((await sdfkit("read", join(dir, "a.csv"), "--split-size", "lots")).code).toBe(2);
    const mixed = await sdfkit("read", join(dir, "a.csv"), "kafka://127.0.0.1:1/t");
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/either Kafka topics or files/);
    expect((await sdfkit("read", join(dir, "a.csv"), "--output", "xml")).code).toBe(2);
    expect((await sdfkit("read")).code).toBe(2);
  });

  it("--help and --version exit 0", async () => {
    const help = await sdfkit("read", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--split-size <bytes>/);
    const version = await sdfkit("--version");
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe("sdfkit read, interrupted", () => {
  it("Ctrl-C (SIGINT) stops a bounded read cleanly: exit 130 and one line saying how far it got", async () => {
    const big = join(dir, "big.txt");
    writeFileSync(big, `${Array.from({ length: 2_000_000 }, (_, i) => `line ${i}`).join("\n")}\n`);
    const { spawn } = await import("node:child_process");
    const child = spawn(process.execPath, [cli, "read", big, "--parallelism", "2"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    // Interrupt once records are flowing; keep reading stdout so the child is not blocked.
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    child.stdout.resume();
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(130);
    expect(stderr).toMatch(/^sdfkit: interrupted after \d+ records\n$/);
  });
});
