import { setTimeout as sleep } from "node:timers/promises";
import { ProtocolError } from "../../src/errors/ProtocolError.js";
import { SdfError } from "../../src/errors/SdfError.js";
import { TransientIoError } from "../../src/errors/TransientIoError.js";
import { retryDelayMs, type RetryPolicy } from "./RetryPolicy.js";

/**
 * Opens a stream of the bytes `[from, to)` of the pinned version of an object. The stream must
 * stop (or fail) soon after `signal` aborts.
 */
export type RangeFetch = (from: number, to: number, signal: AbortSignal) => Promise<AsyncIterable<Uint8Array>>;

/** What {@link resumableRead} needs to stream a byte range of one object. */
export interface ResumableReadOptions {
  /** The object, for messages: `s3://bucket/key`. */
  readonly uri: string;
  /** First byte. */
  readonly start: number;
  /** End (exclusive). */
  readonly end: number;
  /** Bytes per request (one ranged GET). */
  readonly rangeSize: number;
  /** Bytes per yielded chunk (the last one may be shorter). */
  readonly chunkSize: number;
  /** When and how to retry. */
  readonly retry: RetryPolicy;
  /** Opens one ranged request. */
  readonly fetchRange: RangeFetch;
  /**
   * Turns a failure into a typed error; `retriable` decides whether it is retried.
   * @param error - what `fetchRange` or its stream threw
   * @param position - the byte offset reached
   */
  readonly classify: (error: unknown, position: number) => SdfError;
}

/**
 * Streams `[start, end)` of an object as ranged requests of `rangeSize` bytes, re-chunked to
 * `chunkSize`. A retriable failure (see `classify`) is retried after a jittered backoff,
 * **resuming at the byte already received** rather than starting the range over; after
 * `retry.maxAttempts` failures in a row at one position it fails with a
 * {@link TransientIoError} that says how many attempts were made. Progress resets the count,
 * so a long read over a flaky link still finishes.
 *
 * @param options - the object, the range and the request function
 * @returns the chunks, in order; stopping early aborts the request in flight
 */
export async function* resumableRead(options: ResumableReadOptions): AsyncGenerator<Uint8Array, void, undefined> {
  const { uri, start, end, rangeSize, chunkSize, retry, fetchRange, classify } = options;
  let position = start;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let failures = 0;
  while (position < end) {
    const rangeEnd = Math.min(end, position + rangeSize);
    const controller = new AbortController();
    // Built when the timer fires: the position is then the byte the stream stalled at.
    const stalled = (): TransientIoError =>
      new TransientIoError(`${uri} stalled: no byte for ${retry.idleTimeoutMs} ms at byte offset ${position}`, {
        context: { input: uri, position: String(position) },
      });
    try {
      const stream = await withinIdleTimeout(fetchRange(position, rangeEnd, controller.signal), retry.idleTimeoutMs, controller, stalled);
      const iterator = stream[Symbol.asyncIterator]();
      let complete = false;
      try {
        for (;;) {
          const next = await withinIdleTimeout(iterator.next(), retry.idleTimeoutMs, controller, stalled);
          if (next.done === true) {
            complete = true;
            break;
          }
          const chunk = next.value;
          if (chunk.byteLength === 0) continue;
          if (position + chunk.byteLength > rangeEnd) {
            throw new ProtocolError(
              `${uri} sent more bytes than asked for [${position}, ${rangeEnd}): the server ignored the byte range; ` +
                `check that the endpoint is an object store that supports ranged GETs`,
              { context: { input: uri, position: String(position) } },
            );
          }
          pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          pendingBytes += chunk.byteLength;
          position += chunk.byteLength;
          failures = 0;
          while (pendingBytes >= chunkSize) {
            const all = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, pendingBytes);
            yield all.subarray(0, chunkSize);
            const rest = all.subarray(chunkSize);
            pending = rest.byteLength > 0 ? [rest] : [];
            pendingBytes = rest.byteLength;
          }
        }
      } finally {
        // A body read to its end leaves its connection to be reused; any other exit aborts it.
        if (!complete) {
          controller.abort();
          await iterator.return?.().catch(() => undefined);
        }
      }
      if (position < rangeEnd) {
        throw new TransientIoError(`${uri}: the response ended at byte offset ${position}, before ${rangeEnd}`, {
          context: { input: uri, position: String(position) },
        });
      }
    } catch (error) {
      controller.abort();
      // A typed error is final unless it is transient; only the untyped ones are classified.
      if (error instanceof SdfError && !(error instanceof TransientIoError)) throw error;
      const typed = error instanceof TransientIoError ? error : classify(error, position);
      if (!typed.retriable) throw typed;
      failures++;
      if (failures >= retry.maxAttempts) {
        throw new TransientIoError(
          `Reading ${uri} failed ${failures} ${failures === 1 ? "time" : "times"} in a row at byte offset ${position} (${retry.maxAttempts} attempts allowed): ` +
            `${typed.message}. Check the network and the server, then re-run (a checkpointed run resumes where it stopped)`,
          { cause: typed, context: { input: uri, position: String(position) } },
        );
      }
      await sleep(retryDelayMs(retry, failures));
    }
  }
  if (pendingBytes > 0) yield pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, pendingBytes);
}

/**
 * Awaits `promise`, aborting `controller` and failing with `stalled()` if it takes `ms` or more.
 */
async function withinIdleTimeout<T>(promise: Promise<T>, ms: number, controller: AbortController, stalled: () => SdfError): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(stalled());
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
    // A promise that lost the race may still reject (its stream was aborted): ignore that.
    promise.catch(() => undefined);
  }
}
