import { OffsetRange, OffsetRangeTracker, SplittableDoFn, type ProcessContext } from "../../../../src/index.js";

/** The text element `n` stands for: `n` newline-terminated lines of varying length. */
export function linesText(n: number): string {
  return Array.from({ length: n }, (_, i) => `line ${i}${"!".repeat(i % 4)}\n`).join("");
}

/** The lines one unsplit read of element `n` outputs. */
export function expectedLines(n: number): string[] {
  return linesText(n).split("\n").slice(0, n);
}

/**
 * A record-in-byte-range source (Beam's `FileBasedSource` idea), correct: element `n` is the
 * text {@link linesText}(n), the restriction a byte range, positions record starts. A record
 * belongs to the range it starts in; a range that does not start at 0 begins at the first record
 * start at or after its `from`. Initial splits of 16 bytes.
 */
export class LinesSdf extends SplittableDoFn<number, string, OffsetRange> {
  initialRestriction(n: number): OffsetRange {
    return new OffsetRange(0, linesText(n).length);
  }

  override splitRestriction(_n: number, restriction: OffsetRange): OffsetRange[] {
    return restriction.split(16);
  }

  newTracker(_n: number, restriction: OffsetRange): OffsetRangeTracker {
    return new OffsetRangeTracker(restriction);
  }

  /** The first record start at or after `from` (a record starts after each newline). */
  protected firstRecordStart(text: string, from: number): number {
    if (from === 0) return 0;
    const newline = text.indexOf("\n", from - 1);
    return newline === -1 ? text.length : newline + 1;
  }

  async processElement(ctx: ProcessContext<number, string, OffsetRange, number, unknown>): Promise<void> {
    const text = linesText(ctx.element);
    let start = this.firstRecordStart(text, ctx.tracker.currentRestriction().from);
    while (start < text.length) {
      if (!ctx.tracker.tryClaim(start)) return;
      const end = text.indexOf("\n", start);
      await ctx.output(text.slice(start, end));
      start = end + 1;
    }
    ctx.tracker.tryClaim(Infinity); // out of records: finish the tracker
  }
}
