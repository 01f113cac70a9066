import { InvalidOptionError } from "../../src/errors/InvalidOptionError.js";
import { retryPolicyOf, type RetryPolicy } from "./RetryPolicy.js";

/** How an object-store scheme reads and lists, shared by every object it opens. */
export interface ObjectReadSettings {
  /** Bytes per ranged GET. */
  readonly rangeSize: number;
  /** Retries. */
  readonly retry: RetryPolicy;
  /** Objects per listing page. */
  readonly listPageSize: number;
}

/** The options of an object store that {@link objectReadSettings} reads. */
export interface ObjectReadOptions {
  /** Bytes per ranged GET. @defaultValue 8 MiB for S3, 16 MiB for GCS */
  readonly rangeSize?: number;
  /** Objects per listing page, at most 1000. @defaultValue 1000 */
  readonly listPageSize?: number;
  /** Retry policy overrides. */
  readonly retry?: Partial<RetryPolicy>;
}

/**
 * Checks and completes the read settings of an object store's options.
 *
 * @param options - the user's options
 * @param defaultRangeSize - the store's default bytes per ranged GET
 * @returns complete settings
 * @throws {@link InvalidOptionError} for a bad range size, page size or retry field
 */
export function objectReadSettings(options: ObjectReadOptions, defaultRangeSize: number): ObjectReadSettings {
  const rangeSize = options.rangeSize ?? defaultRangeSize;
  if (!Number.isSafeInteger(rangeSize) || rangeSize < 1) {
    throw new InvalidOptionError(`Expected \`rangeSize\` to be an integer >= 1 byte, got ${String(options.rangeSize)}.`);
  }
  const listPageSize = options.listPageSize ?? 1000;
  if (!Number.isSafeInteger(listPageSize) || listPageSize < 1 || listPageSize > 1000) {
    throw new InvalidOptionError(`Expected \`listPageSize\` to be an integer in [1, 1000], got ${String(options.listPageSize)}.`);
  }
  return { rangeSize, retry: retryPolicyOf(options.retry), listPageSize };
}
