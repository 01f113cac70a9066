import { InvalidOptionError } from "../../../src/errors/InvalidOptionError.js";
import type { CommitOffset, FetchOptions } from "../PartitionedLog.js";

/**
 * Throws unless `value` is a safe integer `>= min`.
 *
 * @param name - the argument, as the message shows it (`offset`, `options.maxRecords`)
 * @param value - what was passed
 * @param min - the smallest value allowed
 * @param where - what the argument is about (`memory://events/0`), for the message and context
 * @throws {@link InvalidOptionError} naming the argument, the bound and the value received
 * @internal
 */
export function expectInteger(name: string, value: unknown, min: number, where?: string): asserts value is number {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= min) return;
  const about = where === undefined ? "" : ` (for ${where})`;
  throw new InvalidOptionError(`Expected \`${name}\` to be a safe integer >= ${min}${about}, got ${describeValue(value)}`, {
    context: where === undefined ? {} : { input: where },
  });
}

/**
 * Throws unless `value` is a number `>= 0` (`Infinity` allowed, `NaN` not).
 *
 * @param name - the argument, as the message shows it
 * @param value - what was passed
 * @throws {@link InvalidOptionError} naming the argument and the value received
 * @internal
 */
export function expectDuration(name: string, value: unknown): asserts value is number {
  if (typeof value === "number" && value >= 0) return;
  throw new InvalidOptionError(`Expected \`${name}\` to be a number of milliseconds >= 0, got ${describeValue(value)}`);
}

/**
 * Throws unless the `now` option is a function (a clock returning epoch ms).
 *
 * @param now - what was passed as `now`
 * @throws {@link InvalidOptionError} naming the option and the value received
 * @internal
 */
export function expectClock(now: unknown): asserts now is () => number {
  if (typeof now !== "function") throw new InvalidOptionError(`Expected \`now\` to be a function returning epoch ms, got ${describeValue(now)}`);
}

/**
 * The clock's time, checked: a clock such as `performance.now` would give fractions.
 *
 * @param now - the memory log's clock
 * @returns integer epoch ms
 * @throws {@link InvalidOptionError} if the clock returns anything but a safe integer
 * @internal
 */
export function checkedTime(now: () => number): number {
  const time = now();
  if (!Number.isSafeInteger(time)) throw new InvalidOptionError(`Expected the memory log's clock (option \`now\`) to return integer epoch ms, got ${describeValue(time)}`);
  return time;
}

/**
 * Throws unless `timestamp` is a number other than NaN (`-Infinity` and `Infinity` allowed).
 *
 * @param timestamp - what was passed
 * @param where - the partition asked (`memory://events/0`)
 * @throws {@link InvalidOptionError} naming the value received
 * @internal
 */
export function expectTimestamp(timestamp: unknown, where: string): asserts timestamp is number {
  if (typeof timestamp !== "number" || Number.isNaN(timestamp)) {
    throw new InvalidOptionError(`Expected \`timestamp\` to be epoch ms, got ${describeValue(timestamp)}`, { context: { input: where } });
  }
}

/**
 * Throws unless a fetch asks for a safe integer offset `>= 0` with options `maxRecords >= 1`
 * and `maxWaitMs >= 0`, in that order.
 *
 * @param offset - the first offset wanted
 * @param options - what was passed as the fetch options
 * @param where - the partition fetched (`memory://events/0`)
 * @throws {@link InvalidOptionError} naming the first bad argument and the value received
 * @internal
 */
export function expectFetchArgs(offset: unknown, options: unknown, where: string): asserts options is FetchOptions {
  expectInteger("offset", offset, 0, where);
  if (typeof options !== "object" || options === null) throw new InvalidOptionError(`Expected fetch options { maxRecords, maxWaitMs, signal? }, got ${describeValue(options)}`);
  const { maxRecords, maxWaitMs } = options as Record<string, unknown>;
  expectInteger("maxRecords", maxRecords, 1, where);
  expectDuration("maxWaitMs", maxWaitMs);
}

/**
 * Throws unless `offsets` is an array (its entries are checked against the log).
 *
 * @param offsets - what was passed to `commit`
 * @throws {@link InvalidOptionError} naming the value received
 * @internal
 */
export function expectOffsetList(offsets: unknown): asserts offsets is readonly CommitOffset[] {
  if (!Array.isArray(offsets)) throw new InvalidOptionError(`Expected \`offsets\` to be an array of { topic, partition, offset }, got ${describeValue(offsets)}`);
}

/**
 * Throws unless `offset` is a safe integer in `[0, latest]`: where `deleteBefore` may move a
 * partition's earliest offset.
 *
 * @param offset - the new earliest offset asked for
 * @param latest - the partition's latest offset
 * @param where - the partition (`memory://events/0`)
 * @throws {@link InvalidOptionError} for an offset that is negative, not an integer or above the latest
 * @internal
 */
export function expectDeleteOffset(offset: unknown, latest: number, where: string): asserts offset is number {
  expectInteger("offset", offset, 0, where);
  if (offset > latest) {
    throw new InvalidOptionError(`Cannot delete records of ${where} before offset ${offset}: it is above the latest offset ${latest}`, {
      context: { input: where, position: String(offset) },
    });
  }
}

/**
 * A value as an argument error shows it: strings quoted, objects as JSON, cut to 80 characters.
 * @internal
 */
export function describeValue(value: unknown): string {
  let shown: string;
  try {
    shown = typeof value === "string" || (typeof value === "object" && value !== null) ? (JSON.stringify(value) ?? String(value)) : String(value);
  } catch {
    shown = String(value);
  }
  return shown.length > 80 ? `${shown.slice(0, 77)}...` : shown;
}
