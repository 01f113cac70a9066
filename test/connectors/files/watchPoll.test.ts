// The watch poll driven one call at a time through the invoker, with a fake clock: no real
// waiting, and the watermark is exactly the time of each poll.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FileWatchRestriction, TextFileSource, type FileContext, type FileRestriction } from "../../../connectors/files/index.js";
import { InvalidRestrictionError } from "../../../src/errors/InvalidRestrictionError.js";
import { OffsetRange } from "../../../src/restrictions/OffsetRange.js";
import { RangedRestrictionTracker } from "../../../src/restrictions/RangedRestrictionTracker.js";
import { invokeProcessElement, type InvokeResult } from "../../../src/sdf/invokeProcessElement.js";
import { MIN_TIMESTAMP } from "../../../src/index.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("TextFileSource watch poll with an injected clock", () => {
  it("each poll reads only new files, resumes after the interval, and sets the watermark to the poll's clock time", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sdfkit-watch-poll-"));
    dirs.push(dir);
    const pattern = join(dir, "*.txt");
    let now = 1_000;
    const source = new TextFileSource({ watch: { intervalMs: 60_000, clock: () => now } });
    const poll = async (restriction: FileRestriction, state: number) => {
      const lines: string[] = [];
      const result = await invokeProcessElement(source, pattern, restriction, state, { emit: (line: string) => void lines.push(line) });
      return { lines, result };
    };
    const next = (result: InvokeResult<FileRestriction, number>) => result.residual as FileWatchRestriction;

    writeFileSync(join(dir, "a.txt"), "a1\na2\n");
    const first = await poll(await source.initialRestriction(pattern), MIN_TIMESTAMP);
    // Check: the first poll reads a.txt and asks to be resumed after the interval, not sooner.
    expect(first.lines).toEqual(["a1", "a2"]);
    expect(first.result.continuation.shouldResume).toBe(true);
    expect(first.result.continuation.resumeDelayMs).toBe(60_000);
    // Check: the watermark is the fake clock's time of the poll.
    expect(first.result.watermark).toBe(1_000);
    expect(next(first.result).seen).toEqual([join(dir, "a.txt")]);

    writeFileSync(join(dir, "b.txt"), "b1\n");
    now = 61_000;
    const second = await poll(next(first.result), first.result.estimatorState);
    // Check: a resumed poll reads only the new file; the watermark follows the clock.
    expect(second.lines).toEqual(["b1"]);
    expect(second.result.watermark).toBe(61_000);
    expect(String(next(second.result))).toBe("watch [2, Infinity) after 2 files");

    now = 121_000;
    const third = await poll(next(second.result), second.result.estimatorState);
    // Check: a poll finding nothing new outputs nothing, still advances the watermark, and resumes.
    expect(third.lines).toEqual([]);
    expect(third.result.watermark).toBe(121_000);
    expect(third.result.continuation.shouldResume).toBe(true);
    expect(String(next(third.result))).toBe("watch [2, Infinity) after 2 files");
  });

  it("a watch restriction whose tracker is not a FileWatchTracker is an InvalidRestrictionError", async () => {
    const source = new TextFileSource({ watch: { intervalMs: 1_000, clock: () => 0 } });
    const restriction = new FileWatchRestriction([], new OffsetRange(0, Infinity));
    const ctx = { element: "/nowhere/*.txt", tracker: new RangedRestrictionTracker(restriction) } as unknown as FileContext<string>;
    await expect(source.processElement(ctx)).rejects.toThrow(InvalidRestrictionError);
    await expect(source.processElement(ctx)).rejects.toThrow(/a watch restriction without its tracker/);
  });
});
