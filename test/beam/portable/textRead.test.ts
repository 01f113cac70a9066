// A bounded TextFileSource read of several files, one of them tens of MB, on each portable
// engine with the real SDF steps: pieces checkpoint themselves (residuals go back to the runner)
// and every line arrives exactly once.
import "apache-beam";
import { mkdtempSync, rmSync, writeFileSync, createWriteStream } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { create } from "apache-beam/transforms/create";
import { withName } from "apache-beam/transforms/transform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sdfRead, sdfWorkerStats } from "../../../beam/index.js";
import { TextFileSource } from "../../../connectors/files/index.js";
import { ENGINES, resetSinks } from "./portableHelpers.js";

const dir = mkdtempSync(join(tmpdir(), "sdfkit-portable-text-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Lines `<file>:<index>` padded to 24 bytes. */
async function writeLines(path: string, file: number, count: number): Promise<void> {
  const out = createWriteStream(path);
  const batch: string[] = [];
  for (let i = 0; i < count; i++) {
    batch.push(`${file}:${i}`.padEnd(23, "."));
    if (batch.length === 10_000 || i === count - 1) {
      if (!out.write(batch.join("\n") + "\n")) await once(out, "drain");
      batch.length = 0;
    }
  }
  out.end();
  await once(out, "finish");
}

declare global {
  var sdfkitLineCounts: Uint8Array[] | undefined;
}

/** Counts each line into per-file counters (runs in this process's LOOPBACK worker). */
function countLine(line: string): number {
  const [file, index] = line.replace(/\.+$/, "").split(":").map(Number);
  const counts = globalThis.sdfkitLineCounts![file!]!;
  counts[index!] = Math.min(255, counts[index!]! + 1);
  return 1;
}

const sizes = [1_000, 5_000, 20_000, 1_000_000];
beforeAll(async () => {
  for (const [file, count] of sizes.entries()) {
    if (count < 100_000) writeFileSync(join(dir, `part-${file}.txt`), Array.from({ length: count }, (_, i) => `${file}:${i}`.padEnd(23, ".")).join("\n") + "\n");
    else await writeLines(join(dir, `part-${file}.txt`), file, count);
  }
}, 60_000);

describe.each(ENGINES)("TextFileSource on $name with Beam's SDF steps", (engine) => {
  it("reads three small files and a 24 MB one exactly, checkpointing pieces back to the runner", async () => {
    globalThis.sdfkitLineCounts = sizes.map((count) => new Uint8Array(count));
    resetSinks();
    const before = { ...sdfWorkerStats };
    const started = Date.now();
    await engine.runner().run((root) => {
      root
        .apply(create([join(dir, "part-*.txt")]))
        .apply(sdfRead(new TextFileSource({ desiredSplitSize: 8 * 1024 * 1024 }), { checkpointAfterMs: 300 }))
        .map(withName("count", countLine));
    });
    const elapsed = Date.now() - started;
    const counts = globalThis.sdfkitLineCounts;
    const lost = counts.reduce((sum, c) => sum + c.filter((n) => n === 0).length, 0);
    const duplicated = counts.reduce((sum, c) => sum + c.filter((n) => n > 1).length, 0);
    const selfCheckpoints = sdfWorkerStats.selfCheckpoints - before.selfCheckpoints;
    const runnerSplits = sdfWorkerStats.runnerSplits - before.runnerSplits;
    const total = sizes.reduce((a, b) => a + b, 0);
    console.log(`[portable] ${engine.name} text read: ${total} lines, lost ${lost}, duplicated ${duplicated}, self-checkpoints ${selfCheckpoints}, runner splits served ${runnerSplits}, ${elapsed} ms`);
    expect({ lost, duplicated }).toEqual({ lost: 0, duplicated: 0 });
    expect(selfCheckpoints).toBeGreaterThan(0);
  }, 240_000);
});
