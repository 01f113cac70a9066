/**
 * Turns a restriction into bytes and back, for checkpoints and for handing residuals between
 * processes. `decode(encode(r))` MUST equal `r` exactly (`Infinity`, key bytes included).
 *
 * @example
 * ```ts
 * const bytes = offsetRangeCoder.encode(new OffsetRange(0, Infinity));
 * offsetRangeCoder.decode(bytes);   // [0, Infinity)
 * ```
 */
export interface RestrictionCoder<R> {
  /** @param restriction - the value to encode @returns its bytes */
  encode(restriction: R): Uint8Array;
  /**
   * @param bytes - what `encode` produced
   * @returns the restriction
   * @throws {@link RestrictionCoderError} if the bytes are not a valid encoding
   */
  decode(bytes: Uint8Array): R;
}
