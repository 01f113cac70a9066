import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  const abs = join(root, dir);
  let entries: string[];
  try {
    entries = readdirSync(abs);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(abs, name);
    if (statSync(path).isDirectory()) return sourceFiles(relative(root, path));
    return name.endsWith(".ts") ? [path] : [];
  });
}

/** The folder ("room") a repository path belongs to: `src/runner/threads/x.ts` → `src/runner`. */
function roomOf(path: string): string {
  const parts = path.split("/");
  if (parts[0] === "src" || parts[0] === "connectors") return parts.slice(0, 2).join("/");
  return parts[0]!;
}

/** Every relative import (static, dynamic, type-only) of the source files under `dirs`, resolved to repository paths. */
function importsOf(dirs: readonly string[]): { from: string; to: string }[] {
  return dirs.flatMap(sourceFiles).flatMap((file) =>
    [...readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)]
      .map((match) => match[1]!)
      .filter((specifier) => specifier.startsWith("."))
      .map((specifier) => ({ from: relative(root, file), to: relative(root, join(dirname(file), specifier)) })),
  );
}

/** Which rooms each room may import besides itself (DESIGN.md "Layout"). */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  src: ["src"],
  connectors: ["src", "connectors"],
  testkit: ["src", "testkit"],
  beam: ["src", "connectors", "beam"],
  cli: ["src", "connectors", "testkit", "beam", "examples", "cli"],
};

describe("package", () => {
  it("the core imports nothing but itself and node: builtins (no SDK, no runtime dependency)", () => {
    const offenders: string[] = [];
    for (const file of sourceFiles("src")) {
      for (const match of readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
        const specifier = match[1]!;
        const target = relative(root, join(dirname(file), specifier));
        if (!specifier.startsWith("node:") && !(specifier.startsWith(".") && target.startsWith("src/"))) {
          offenders.push(`${relative(root, file)}: ${specifier}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it("arrows point one way: cli → beam, testkit, connectors → src, and no two folders import each other", () => {
    const edges = importsOf(["src", "connectors", "testkit", "beam", "cli"]);
    const wrongWay = edges.filter(({ from, to }) => !(MAY_IMPORT[from.split("/")[0]!] ?? []).includes(to.split("/")[0]!));
    expect(wrongWay.map(({ from, to }) => `${from} → ${to}`)).toEqual([]);
    const pairs = new Map<string, string>();
    for (const { from, to } of edges) {
      const [a, b] = [roomOf(from), roomOf(to)];
      if (a !== b) pairs.set(`${a} → ${b}`, `${from} → ${to}`);
    }
    const bothWays = [...pairs.keys()].filter((edge) => {
      const [a, b] = edge.split(" → ");
      return a! < b! && pairs.has(`${b} → ${a}`);
    });
    expect(bothWays.map((edge) => {
      const [a, b] = edge.split(" → ");
      return `${pairs.get(edge)} and ${pairs.get(`${b} → ${a}`)}`;
    })).toEqual([]);
  });

  it("no source file is over 400 lines", () => {
    const long = ["src", "connectors", "testkit", "beam", "cli"].flatMap(sourceFiles)
      .map((file) => ({ file: relative(root, file), lines: readFileSync(file, "utf8").split("\n").length }))
      .filter(({ lines }) => lines > 400);
    expect(long).toEqual([]);
  });

  it("every exported declaration in src/, connectors/, testkit/, beam/ and cli/ carries a TSDoc comment", () => {
    const undocumented: string[] = [];
    for (const file of ["src", "connectors", "testkit", "beam", "cli"].flatMap(sourceFiles)) {
      const lines = readFileSync(file, "utf8").split("\n");
      lines.forEach((line, i) => {
        if (!/^export (abstract class|class|function|async function|const|interface|type) [A-Za-z_]/.test(line)) return;
        const previous = lines[i - 1]?.trim().startsWith("// eslint-disable-next-line") ? lines[i - 2] : lines[i - 1];
        if (!previous?.trim().endsWith("*/")) undocumented.push(`${relative(root, file)}:${i + 1} ${line.slice(0, 60)}`);
      });
    }
    expect(undocumented).toEqual([]);
  });

  it("the built package resolves by its own name through the exports map", async () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { name: string; engines: { node: string } };
    expect(pkg.name).toBe("sdfkit");
    expect(pkg.engines.node).toBe(">=20");
    const built = (await import("sdfkit")) as Record<string, unknown>;
    for (const name of ["OffsetRangeTracker", "GrowableOffsetRangeTracker", "ByteKeyRangeTracker", "SplittableDoFn", "ProcessContinuation", "MIN_TIMESTAMP", "LocalRunner", "NotFoundError", "WeightedOffsetRangeTracker", "SchemaMismatchError", "PrecisionLossError", "UnsupportedFormatError"]) {
      expect(built[name], name).toBeDefined();
    }
  });

  it.each([
    ["sdfkit/testkit", ["checkTrackerConformance", "checkSourceConformance", "formatConformanceReport"]],
    ["sdfkit/testkit/vitest", ["sourceConformanceTest", "trackerConformanceTest", "expectConformance"]],
    ["sdfkit/connectors/files", ["TextFileSource", "JsonLinesSource", "DelimitedRecordSource", "FileRecordSource"]],
    ["sdfkit/connectors/bytes", ["openByteSource", "expandInputs", "registerByteSourceScheme", "LocalFileByteSource"]],
    ["sdfkit/connectors/objects", ["ObjectByteSource", "resumableRead", "retrying", "expandObjectPattern", "DEFAULT_RETRY_POLICY"]],
    ["sdfkit/connectors/s3", ["S3ByteSource", "s3Scheme"]],
    ["sdfkit/connectors/gcs", ["GcsByteSource", "gcsScheme"]],
    ["sdfkit/beam", ["sdfRead", "portableRunner"]],
    ["sdfkit/connectors/parquet", ["ParquetSource", "RowGroupSet", "RowGroupSetTracker", "rowGroupSetCoder"]],
    ["sdfkit/connectors/log", ["MemoryLog", "LogSource", "LogTracker", "LogRestriction"]],
    ["sdfkit/connectors/kafka", ["KafkaSource", "KafkaLog"]],
  ])("the built subpath %s exports its fixed names", async (subpath, names) => {
    const built = (await import(subpath)) as Record<string, unknown>;
    for (const name of names) expect(built[name], `${subpath} ${name}`).toBeDefined();
  });
});
