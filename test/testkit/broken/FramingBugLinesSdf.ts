import { LinesSdf } from "./correct/LinesSdf.js";

/**
 * Bug 12b, a record-framing bug at non-zero split points: {@link LinesSdf} that looks for the
 * next newline from `from` instead of `from - 1`, so a range that starts exactly on a record
 * start skips that record (mid-record split points are fine).
 */
export class FramingBugLinesSdf extends LinesSdf {
  protected override firstRecordStart(text: string, from: number): number {
    if (from === 0) return 0;
    const newline = text.indexOf("\n", from); // BUG: must search from `from - 1`
    return newline === -1 ? text.length : newline + 1;
  }
}
