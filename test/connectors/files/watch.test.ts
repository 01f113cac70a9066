import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LocalRunner, MIN_TIMESTAMP, type RunProgress } from "../../../src/index.js";
import { TextFileSource, fileRestrictionCoder, FileWatchRestriction } from "../../../connectors/files/index.js";
import { OffsetRange } from "../../../src/index.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe("TextFileSource watching a glob", () => {
  it("reads each new file once, advances the watermark, and stops on drain", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sdfkit-watch-"));
    dirs.push(dir);
    writeFileSync(join(dir, "a.txt"), "a1\na2\n");
    const progress: RunProgress[] = [];
    const runner = new LocalRunner({ parallelism: 2, onProgress: (p) => progress.push(p) });
    const lines: string[] = [];
    const reading = (async () => {
      for await (const line of runner.run(new TextFileSource({ watch: { intervalMs: 20 } }), [join(dir, "*.txt")])) lines.push(line);
    })();
    await until(() => lines.length === 2, "the first file");
    writeFileSync(join(dir, "b.txt"), "b1\n");
    await until(() => lines.length === 3, "the second file");
    // Check: polls over more than a second (one progress report) read no file twice.
    await until(() => progress.length > 0, "a progress report while watching");
    expect(lines.sort()).toEqual(["a1", "a2", "b1"]);
    runner.drain();
    await reading;
    // Check: while watching, the watermark followed the polls: above MIN_TIMESTAMP, below now.
    const whileWatching = progress[0]!;
    expect(whileWatching.watermark).toBeGreaterThan(MIN_TIMESTAMP);
    expect(whileWatching.watermark).toBeLessThanOrEqual(Date.now());
    expect(progress.at(-1)!.resumes).toBeGreaterThan(1);
  });

  it("a watch restriction round-trips through the coder with the files it has read", () => {
    const restriction = new FileWatchRestriction(["/x/a.txt", "/x/b.txt"], new OffsetRange(2, Infinity));
    const decoded = fileRestrictionCoder.decode(fileRestrictionCoder.encode(restriction));
    expect(decoded).toBeInstanceOf(FileWatchRestriction);
    expect(decoded).toEqual(restriction);
  });

  it("rejects a non-positive interval", () => {
    expect(() => new TextFileSource({ watch: { intervalMs: 0 } })).toThrow(/watch.intervalMs/);
  });
});
