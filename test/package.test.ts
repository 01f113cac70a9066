import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url).pathname;
const coreDirs = ["src/errors", "src/restrictions", "src/watermark", "src/sdf", "src/runner"];

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

describe("package", () => {
  it("the core imports nothing but itself and node: builtins (no SDK, no runtime dependency)", () => {
    const offenders: string[] = [];
    for (const file of coreDirs.flatMap(sourceFiles)) {
      for (const match of readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
        const specifier = match[1]!;
        if (!specifier.startsWith(".") && !specifier.startsWith("node:")) offenders.push(`${relative(root, file)}: ${specifier}`);
        if (specifier.includes("/connectors/") || specifier.includes("/testkit/") || specifier.includes("/beam/")) {
          offenders.push(`${relative(root, file)}: ${specifier}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it("every exported declaration in src/, connectors/ and testkit/ carries a TSDoc comment", () => {
    const undocumented: string[] = [];
    for (const file of ["src", "connectors", "testkit"].flatMap(sourceFiles)) {
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
