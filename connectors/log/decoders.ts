import { CorruptInputError } from "../../src/errors/CorruptInputError.js";

/** How a key or value is handed out: as the raw `Buffer`, a UTF-8 string, parsed JSON, or your function. */
export type Decoder<T> = "buffer" | "string" | "json" | ((bytes: Buffer | null) => T);

/** The output type of a {@link Decoder}. */
export type Decoded<D> = D extends "buffer" ? Buffer | null : D extends "string" ? string | null : D extends "json" ? unknown : D extends (bytes: Buffer | null) => infer T ? T : Buffer | null;

/**
 * A compiled decoder on `LogSource`'s per-record path: the record's partition (`kafka://t/3`) and
 * offset are passed as they are and joined into a message only when decoding fails, so a record
 * costs no string.
 * @internal
 */
export type RecordDecoder = (bytes: Buffer | null, input: string, offset: number) => unknown;

/**
 * Compiles a decoder; a JSON decoder that meets bad JSON throws a {@link CorruptInputError} naming the record.
 *
 * @param decoder - the decoder option
 * @param what - `key` or `value`, for messages
 * @returns a function from bytes (or null) to the decoded value
 */
export function compileDecoder(decoder: Decoder<unknown> | undefined, what: "key" | "value"): (bytes: Buffer | null, where: string) => unknown {
  const decode = compileRecordDecoder(decoder, what);
  if (decode === null) return (bytes) => bytes;
  return (bytes, where) => decode(bytes, where, NaN);
}

/**
 * {@link compileDecoder} for `LogSource`'s loop: `null` for `"buffer"` (the bytes as they are, so
 * the loop skips the call), else a {@link RecordDecoder}.
 * @internal
 */
export function compileRecordDecoder(decoder: Decoder<unknown> | undefined, what: "key" | "value"): RecordDecoder | null {
  if (decoder === undefined || decoder === "buffer") return null;
  if (decoder === "string") return (bytes) => (bytes === null ? null : bytes.toString("utf8"));
  if (decoder === "json") {
    return (bytes, input, offset) => {
      if (bytes === null) return null;
      try {
        return JSON.parse(bytes.toString("utf8")) as unknown;
      } catch (cause) {
        const where = Number.isNaN(offset) ? input : `${input} offset ${offset}`;
        throw new CorruptInputError(`The ${what} of ${where} is not valid JSON; decode it as "buffer" or "string", or fix the producer`, {
          cause,
          context: { input: where },
        });
      }
    };
  }
  return (bytes) => decoder(bytes);
}
