import { setTimeout as sleep } from "node:timers/promises";
import type { SdfError } from "../../src/errors/SdfError.js";
import { TransientIoError } from "../../src/errors/TransientIoError.js";
import { retryDelayMs, type RetryPolicy } from "./RetryPolicy.js";

/**
 * Runs a request (a metadata call, one page of a listing) with the retries of `policy`: a failure
 * that `classify` calls retriable is tried again after a jittered backoff, up to
 * `policy.maxAttempts` attempts in all; then a {@link TransientIoError} says how many were made.
 *
 * @param what - what is being done, for the final message: `open s3://b/k`
 * @param policy - attempts and delays
 * @param classify - turns a failure into a typed error
 * @param attempt - the request
 * @returns what the request returned
 * @throws the typed error of a non-retriable failure, or a {@link TransientIoError} after the last attempt
 */
export async function retrying<T>(
  what: string,
  policy: RetryPolicy,
  classify: (error: unknown) => SdfError,
  attempt: () => Promise<T>,
): Promise<T> {
  for (let failures = 0; ; ) {
    try {
      return await attempt();
    } catch (error) {
      const typed = classify(error);
      if (!typed.retriable) throw typed;
      failures++;
      if (failures >= policy.maxAttempts) {
        throw new TransientIoError(
          `Could not ${what} after ${failures} attempts: ${typed.message}. Check the network and the server, then re-run`,
          { cause: typed, context: typed.context },
        );
      }
      await sleep(retryDelayMs(policy, failures));
    }
  }
}
