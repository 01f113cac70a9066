import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const cli = new URL("../../dist/cli/main.js", import.meta.url).pathname;
const fixture = (name: string) => new URL(`fixtures/${name}`, import.meta.url).pathname;

async function sdfkit(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("sdfkit conformance <module>", () => {
  it("exits 0 and says so for a conforming connector", async () => {
    const { code, stdout } = await sdfkit("conformance", fixture("goodSource.mjs"));
    expect(code).toBe(0);
    expect(stdout).toMatch(/✓ Integers over 2 element\(s\) conforms: 50 runs, seed \d+/);
  });

  it("exits 1 with the property, a counterexample and the seed for a broken connector", async () => {
    const { code, stdout } = await sdfkit("conformance", fixture("badSource.mjs"), "--seed", "7");
    expect(code).toBe(1);
    expect(stdout).toContain("property: no-loss-no-duplicate");
    expect(stdout).toContain("counterexample:");
    expect(stdout).toContain("seed 7");
  });

  it("exits 2 with a clear message for a module without a config", async () => {
    const { code, stderr } = await sdfkit("conformance", fixture("noConfig.mjs"));
    expect(code).toBe(2);
    expect(stderr).toMatch(/^sdfkit: .*exports no `conformance`/);
  });

  it("prints help", async () => {
    const { code, stdout } = await sdfkit("conformance", "--help");
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: sdfkit conformance");
  });
});
