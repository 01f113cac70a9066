import { InvalidRestrictionError } from "../../src/errors/InvalidRestrictionError.js";

/**
 * Checks the arguments of a {@link ByteSource.read}: `0 <= start <= end <= size` and a positive
 * chunk size.
 *
 * @param uri - the input, for the message
 * @param size - its size
 * @param start - first byte
 * @param end - end (exclusive)
 * @param chunkSize - preferred chunk size
 * @throws {@link InvalidRestrictionError} naming the input and the bad range
 */
export function checkReadRange(uri: string, size: number, start: number, end: number, chunkSize: number): void {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || start > end || end > size) {
    throw new InvalidRestrictionError(`Expected a byte range with 0 <= start <= end <= ${size} (the size of ${uri}), got [${start}, ${end})`, {
      context: { input: uri, restriction: `[${start}, ${end})` },
    });
  }
  if (!Number.isSafeInteger(chunkSize) || chunkSize <= 0) {
    throw new InvalidRestrictionError(`Expected \`chunkSize\` to be a positive safe integer, got ${chunkSize}`, { context: { input: uri } });
  }
}
