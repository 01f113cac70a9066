import { InvalidRestrictionError } from "../../src/errors/InvalidRestrictionError.js";
import type { OffsetRange } from "../../src/restrictions/OffsetRange.js";

/** The offsets of one partition that a {@link LogRestriction} owns: `[from, to)`, `to` may be `Infinity`. */
export interface LogPart {
  /** The partition. */
  readonly partition: number;
  /** Its offsets: every record with an offset in the range is ours. */
  readonly range: OffsetRange;
}

/**
 * The restriction of a topic read by `LogSource`: offset ranges of some partitions, and
 * possibly the duty to discover partitions numbered `discoverFrom` and up.
 *
 * Initial splitting gives one restriction per partition, plus, for unbounded reads, one that
 * only discovers. A discovered partition joins the discovering restriction; the runner then
 * hands it to an idle worker by a split, which moves whole partitions (each cut at its current
 * offset) when a restriction has more than one.
 */
export class LogRestriction {
  /** The partitions read, in ascending partition order. */
  readonly parts: readonly LogPart[];
  /** Partitions numbered this or higher are to be discovered; `null`: no discovery. */
  readonly discoverFrom: number | null;

  /**
   * @param parts - offset ranges, at most one per partition
   * @param discoverFrom - first partition number to watch for, or null
   * @throws {@link InvalidRestrictionError} for a repeated or negative partition or a bad `discoverFrom`
   */
  constructor(parts: readonly LogPart[], discoverFrom: number | null = null) {
    const sorted = [...parts].sort((a, b) => a.partition - b.partition);
    for (let i = 0; i < sorted.length; i++) {
      const part = sorted[i] as LogPart;
      if (!Number.isSafeInteger(part.partition) || part.partition < 0 || (i > 0 && (sorted[i - 1] as LogPart).partition === part.partition)) {
        throw new InvalidRestrictionError(`Expected distinct partition numbers >= 0 in a log restriction, got ${parts.map((p) => p.partition).join(", ")}`);
      }
    }
    if (discoverFrom !== null && (!Number.isSafeInteger(discoverFrom) || discoverFrom < 0)) {
      throw new InvalidRestrictionError(`Expected discoverFrom to be null or an integer >= 0, got ${String(discoverFrom)}`);
    }
    this.parts = Object.freeze(sorted);
    this.discoverFrom = discoverFrom;
  }

  /** Whether nothing is left: no offsets in any part and no discovery. */
  isEmpty(): boolean {
    return this.discoverFrom === null && this.parts.every((part) => part.range.to <= part.range.from);
  }

  /** `p0[5, 9) p2[0, Infinity) discover>=3`. */
  toString(): string {
    const parts = this.parts.map((part) => `p${part.partition}${part.range.toString()}`);
    if (this.discoverFrom !== null) parts.push(`discover>=${this.discoverFrom}`);
    return parts.length === 0 ? "(nothing)" : parts.join(" ");
  }
}
