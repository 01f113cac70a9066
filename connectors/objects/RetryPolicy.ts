import { InvalidOptionError } from "../../src/errors/InvalidOptionError.js";

/**
 * How an object-store read retries a retriable failure (a 5xx, throttling, a reset connection,
 * a stalled stream). Delays grow exponentially with "full jitter" (a uniform draw in
 * `[0, min(maxDelayMs, baseDelayMs * 2^attempt))`), as AWS and Google recommend, so many
 * readers that failed together do not retry together.
 */
export interface RetryPolicy {
  /** Attempts at one position before giving up, the first included. @defaultValue 6 */
  readonly maxAttempts: number;
  /** Delay scale of the first retry, in ms. @defaultValue 100 */
  readonly baseDelayMs: number;
  /** Upper bound of one delay, in ms. @defaultValue 10_000 */
  readonly maxDelayMs: number;
  /** A stream that delivers no byte for this long is abandoned and retried, in ms. @defaultValue 30_000 */
  readonly idleTimeoutMs: number;
}

/** The defaults of {@link RetryPolicy}: 6 attempts, 100 ms base, 10 s cap, 30 s idle timeout. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 6,
  baseDelayMs: 100,
  maxDelayMs: 10_000,
  idleTimeoutMs: 30_000,
});

/**
 * Fills in and checks a partial retry policy.
 *
 * @param partial - fields to override
 * @returns a complete policy
 * @throws {@link InvalidOptionError} for a non-integer or out-of-range field
 */
export function retryPolicyOf(partial: Partial<RetryPolicy> = {}): RetryPolicy {
  const given = Object.fromEntries(Object.entries(partial).filter(([, value]) => value !== undefined));
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...given };
  for (const [name, min] of [["maxAttempts", 1], ["baseDelayMs", 0], ["maxDelayMs", 0], ["idleTimeoutMs", 1]] as const) {
    const value = policy[name];
    if (!Number.isSafeInteger(value) || value < min) {
      throw new InvalidOptionError(`Expected \`retry.${name}\` to be an integer >= ${min}, got ${String(value)}.`);
    }
  }
  return Object.freeze(policy);
}

/**
 * The delay before retry number `retry` (1 for the first retry), with full jitter.
 *
 * @param policy - the policy
 * @param retry - 1-based retry number
 * @param random - a uniform draw in `[0, 1)` @defaultValue Math.random
 * @returns milliseconds to wait
 */
export function retryDelayMs(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(retry - 1, 30));
  return Math.floor(random() * ceiling);
}
