import { InvalidOptionError } from "../../../src/errors/InvalidOptionError.js";

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
