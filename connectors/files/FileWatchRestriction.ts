import type { OffsetRange } from "../../src/restrictions/OffsetRange.js";

/**
 * The restriction of a watched glob: files are discovered one by one and numbered in discovery
 * order; `range` is the discovery numbers still to read (`[next, Infinity)` while watching) and
 * `seen` the files already read, so a resumed watch reads every new file exactly once.
 *
 * @example
 * ```ts
 * // two files read, watching for the third on
 * const r = new FileWatchRestriction(["/in/a.txt", "/in/b.txt"], new OffsetRange(2, Infinity));
 * r.toString();   // "watch [2, Infinity) after 2 files"
 * ```
 */
export class FileWatchRestriction {
  /** URIs already read (claimed by an earlier piece). */
  readonly seen: readonly string[];
  /** Discovery numbers this piece owns. */
  readonly range: OffsetRange;

  /**
   * @param seen - files already read
   * @param range - discovery numbers owned
   */
  constructor(seen: readonly string[], range: OffsetRange) {
    this.seen = seen;
    this.range = range;
  }

  /** The same files seen, owning `range`. */
  withRange(range: OffsetRange): FileWatchRestriction {
    return new FileWatchRestriction(this.seen, range);
  }

  /** `watch [from, to) after N files`. */
  toString(): string {
    return `watch ${this.range.toString()} after ${this.seen.length} files`;
  }
}
