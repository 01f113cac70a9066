import { CorruptInputError } from "../../src/errors/CorruptInputError.js";
import { SdfError } from "../../src/errors/SdfError.js";
import { UnsupportedFormatError } from "../../src/errors/UnsupportedFormatError.js";

/**
 * hyparquet messages that mean "valid Parquet, but a feature it cannot decode" (in a footer
 * that parsed). Thrift decoding errors are not among them: they mean damaged bytes.
 */
const UNSUPPORTED = /^parquet (unsupported (compression codec|encoding|page type|type)|bson not supported|interval not supported|file_path not supported|byte_stream_split unsupported)/i;

/** The `where` of errors while reading a footer: all of them mean a damaged or non-Parquet file. */
export const FOOTER = "the footer";

/**
 * Turns what hyparquet threw while decoding `uri` into a typed error naming the file: errors
 * that are already {@link SdfError}s (a changed file, a dropped connection) pass through;
 * an unsupported codec, encoding or type becomes an {@link UnsupportedFormatError}; anything
 * else (bad magic, a footer that does not parse, a page that does not decompress) a
 * {@link CorruptInputError}.
 *
 * @param error - what was thrown
 * @param uri - the file being read
 * @param where - what was being read, e.g. `"the footer"` or `"row group 3"`
 * @returns the error to throw
 */
export function parquetError(error: unknown, uri: string, where: string): SdfError {
  if (error instanceof SdfError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  const context = { input: uri };
  const codec = /unsupported compression codec: (\w+)/i.exec(reason)?.[1];
  if (codec !== undefined) {
    return new UnsupportedFormatError(
      `Cannot decode ${where} of ${uri}: compression codec ${codec} is not supported (sdfkit reads UNCOMPRESSED, SNAPPY, GZIP, BROTLI, ZSTD, LZ4 and LZ4_RAW); rewrite the file with one of those.`,
      { cause: error, context },
    );
  }
  if (where !== FOOTER && UNSUPPORTED.test(reason)) {
    return new UnsupportedFormatError(`Cannot decode ${where} of ${uri}: ${reason}; rewrite the file without that feature.`, { cause: error, context });
  }
  return notParquet(uri, where, reason, error);
}

/**
 * The error for a file that is not readable Parquet: damaged, truncated, or not Parquet at all.
 *
 * @param uri - the file
 * @param where - what was being read, e.g. {@link FOOTER}
 * @param reason - what is wrong, e.g. `"row group 2 points at bytes outside the file"`
 * @param cause - the decoder's error, when one was thrown
 * @returns a non-retriable {@link CorruptInputError} naming the file
 */
export function notParquet(uri: string, where: string, reason: string, cause?: unknown): CorruptInputError {
  return new CorruptInputError(
    `${uri} is not a readable Parquet file (${where}: ${reason}); check that it is Parquet and complete (not truncated, not still being written).`,
    { cause, context: { input: uri } },
  );
}
