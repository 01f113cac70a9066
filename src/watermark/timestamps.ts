import { InvalidTimestampError } from "../errors/InvalidTimestampError.js";

/** The earliest timestamp sdfkit accepts: the start of the JavaScript `Date` range, in epoch ms. */
export const MIN_TIMESTAMP = -8.64e15;

/** The latest timestamp sdfkit accepts: the end of the JavaScript `Date` range, in epoch ms. */
export const MAX_TIMESTAMP = 8.64e15;

/**
 * Throws unless `timestamp` is a number in [{@link MIN_TIMESTAMP}, {@link MAX_TIMESTAMP}].
 * @param timestamp - epoch milliseconds
 * @param what - what the value is, for the message ("watermark", "output timestamp")
 * @throws {@link InvalidTimestampError}
 */
export function assertTimestamp(timestamp: number, what: string): void {
  if (!(timestamp >= MIN_TIMESTAMP && timestamp <= MAX_TIMESTAMP)) {
    throw new InvalidTimestampError(
      `Expected ${what} to be epoch milliseconds in [MIN_TIMESTAMP, MAX_TIMESTAMP] (±8.64e15), got ${String(timestamp)}.`,
    );
  }
}
