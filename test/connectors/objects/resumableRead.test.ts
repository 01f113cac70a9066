import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isTransientNetworkError } from "../../../connectors/objects/networkErrors.js";
import { resumableRead, type RangeFetch, type ResumableReadOptions } from "../../../connectors/objects/resumableRead.js";
import { retryPolicyOf } from "../../../connectors/objects/RetryPolicy.js";
import { InputAccessError } from "../../../src/errors/InputAccessError.js";
import { ProtocolError } from "../../../src/errors/ProtocolError.js";
import { SdfError } from "../../../src/errors/SdfError.js";
import { SourceChangedError } from "../../../src/errors/SourceChangedError.js";
import { TransientIoError } from "../../../src/errors/TransientIoError.js";

const URI = "s3://bucket/key";

/** One request made by `resumableRead`, and what became of it. */
interface Call {
  readonly from: number;
  readonly to: number;
  readonly signal: AbortSignal;
  /** Bytes the fake server sent on this connection. */
  delivered: number;
  /** Whether the response stream was closed (ended, failed or returned early). */
  closed: boolean;
}

/** What one connection does: the bytes to send (pieces), then how it ends. */
interface Reply {
  /** Absolute offset at which to stop sending (default `to`). */
  readonly stopAt?: number;
  /** After sending, throw this (default: end cleanly). */
  readonly fail?: unknown;
  /** After sending, wait for the abort signal instead of ending (a stalled stream). */
  readonly stall?: boolean;
}

/** A Node-style connection reset, as the HTTP stack throws it mid-body. */
function connectionReset(): Error {
  return Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
}

/** Resolves never, rejects when `signal` aborts (a stream that honours its contract). */
function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(new Error("aborted"));
    signal.addEventListener("abort", () => reject(Object.assign(new Error("aborted"), { name: "AbortError" })), { once: true });
  });
}

/**
 * An in-process ranged server over `data`: records every request, sends pieces of `pieceSize`
 * bytes, and lets `plan` make a connection stop early, fail or stall.
 */
function fakeServer(data: Buffer, pieceSize: number, plan: (call: Call, index: number) => Reply = () => ({})) {
  const calls: Call[] = [];
  const fetchRange: RangeFetch = async (from, to, signal) => {
    const call: Call = { from, to, signal, delivered: 0, closed: false };
    const index = calls.push(call) - 1;
    const reply = plan(call, index);
    async function* body(): AsyncGenerator<Uint8Array> {
      try {
        const stopAt = reply.stopAt ?? to;
        for (let at = from; at < stopAt; at += pieceSize) {
          const piece = data.subarray(at, Math.min(stopAt, at + pieceSize));
          call.delivered += piece.byteLength;
          yield piece;
        }
        if (reply.fail !== undefined) throw reply.fail;
        if (reply.stall === true) await untilAborted(signal);
      } finally {
        call.closed = true;
      }
    }
    return body();
  };
  return { calls, fetchRange };
}

/** Transient for network errors (and TransientIoErrors), a non-retriable InputAccessError otherwise. */
function classifyNetwork(error: unknown, position: number): SdfError {
  if (error instanceof SdfError) return error;
  return isTransientNetworkError(error)
    ? new TransientIoError(`flaky at ${position}`, { cause: error, context: { input: URI, position: String(position) } })
    : new InputAccessError(`broken at ${position}`, { cause: error, context: { input: URI, position: String(position) } });
}

function options(overrides: Partial<ResumableReadOptions> & Pick<ResumableReadOptions, "fetchRange">): ResumableReadOptions {
  return {
    uri: URI,
    start: 0,
    end: 100,
    rangeSize: 1_000,
    chunkSize: 16,
    retry: retryPolicyOf({ maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0, idleTimeoutMs: 5_000 }),
    classify: classifyNetwork,
    ...overrides,
  };
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const all: Uint8Array[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return all;
}

function concat(chunks: readonly Uint8Array[]): Buffer {
  return Buffer.concat(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)));
}

function bytes(size: number): Buffer {
  const data = Buffer.alloc(size);
  for (let i = 0; i < size; i++) data[i] = (i * 31 + 7) % 251;
  return data;
}

/** Every chunk is `chunkSize` long except the last, which is 1..chunkSize. */
function expectChunking(chunks: readonly Uint8Array[], chunkSize: number): void {
  chunks.forEach((chunk, i) => {
    if (i < chunks.length - 1) expect(chunk.byteLength).toBe(chunkSize);
    else {
      expect(chunk.byteLength).toBeGreaterThan(0);
      expect(chunk.byteLength).toBeLessThanOrEqual(chunkSize);
    }
  });
}

/** A random object and a range of it: (data, start, end). */
const objectAndRange = fc
  .uint8Array({ minLength: 0, maxLength: 300 })
  .chain((array) =>
    fc
      .tuple(fc.integer({ min: 0, max: array.length }), fc.integer({ min: 0, max: array.length }))
      .map(([a, b]) => ({ data: Buffer.from(array), start: Math.min(a, b), end: Math.max(a, b) })),
  );

describe("resumableRead without failures", () => {
  it("yields exactly buffer.subarray(start, end), re-chunked, in consecutive requests of at most rangeSize", async () => {
    await fc.assert(
      fc.asyncProperty(
        objectAndRange,
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 64 }),
        async ({ data, start, end }, rangeSize, chunkSize, pieceSize) => {
          const server = fakeServer(data, pieceSize);
          const chunks = await collect(resumableRead(options({ start, end, rangeSize, chunkSize, fetchRange: server.fetchRange })));
          expect(concat(chunks).equals(data.subarray(start, end))).toBe(true);
          expectChunking(chunks, chunkSize);
          // Check: the requests tile [start, end) exactly, each at most rangeSize bytes.
          expect(server.calls.length).toBe(Math.ceil((end - start) / rangeSize));
          let expected = start;
          for (const call of server.calls) {
            expect(call.from).toBe(expected);
            expect(call.to).toBeGreaterThan(call.from);
            expect(call.to - call.from).toBeLessThanOrEqual(rangeSize);
            expected = call.to;
            expect(call.closed).toBe(true);
          }
          if (end > start) expect(expected).toBe(end);
        },
      ),
    );
  });

  it("makes no request for an empty range", async () => {
    const server = fakeServer(bytes(10), 4);
    expect(await collect(resumableRead(options({ start: 5, end: 5, fetchRange: server.fetchRange })))).toEqual([]);
    expect(server.calls).toEqual([]);
  });

  it("skips empty pieces", async () => {
    const data = bytes(10);
    const fetchRange: RangeFetch = async (from, to) =>
      (async function* () {
        yield new Uint8Array(0);
        yield data.subarray(from, to);
        yield new Uint8Array(0);
      })();
    const chunks = await collect(resumableRead(options({ end: 10, chunkSize: 4, fetchRange })));
    expect(chunks.map((c) => c.byteLength)).toEqual([4, 4, 2]);
    expect(concat(chunks)).toEqual(data);
  });
});

describe("resumableRead retries", () => {
  it("resumes a reset connection at the exact byte reached, never fetching a byte twice", async () => {
    await fc.assert(
      fc.asyncProperty(
        objectAndRange.filter(({ start, end }) => end > start),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 64 }),
        fc.uniqueArray(fc.nat(), { maxLength: 4 }),
        async ({ data, start, end }, rangeSize, chunkSize, pieceSize, rawFailures) => {
          // Absolute offsets in [start, end] at which a connection breaks (once each).
          const pending = new Set(rawFailures.map((n) => start + (n % (end - start + 1))));
          const failedAt = new Map<number, number>();
          const classified: number[] = [];
          const server = fakeServer(data, pieceSize, (call, index) => {
            const hits = [...pending].filter((p) => p >= call.from && p <= call.to);
            if (hits.length === 0) return {};
            const at = Math.min(...hits);
            pending.delete(at);
            failedAt.set(index, at);
            return { stopAt: at, fail: connectionReset() };
          });
          const classify = (error: unknown, position: number): SdfError => {
            classified.push(position);
            return classifyNetwork(error, position);
          };
          const chunks = await collect(
            resumableRead(options({ start, end, rangeSize, chunkSize, fetchRange: server.fetchRange, classify, retry: retryPolicyOf({ maxAttempts: 2, baseDelayMs: 0 }) })),
          );
          expect(concat(chunks).equals(data.subarray(start, end))).toBe(true);
          expectChunking(chunks, chunkSize);
          // Check: the byte reached is what is classified and where the next request starts.
          expect(classified).toEqual([...failedAt.values()]);
          for (const [index, at] of failedAt) {
            const next = server.calls[index + 1];
            if (at < end) expect(next?.from).toBe(at);
          }
          // Check: every byte is sent once (no overlap), and no request exceeds rangeSize.
          expect(server.calls.reduce((sum, call) => sum + call.delivered, 0)).toBe(end - start);
          for (const call of server.calls) expect(call.to - call.from).toBeLessThanOrEqual(rangeSize);
          for (let i = 1; i < server.calls.length; i++) {
            const previous = server.calls[i - 1] as Call;
            expect(server.calls[i]?.from).toBe(previous.from + previous.delivered);
          }
        },
      ),
    );
  });

  it("retries a response that ends early, from the byte it ended at", async () => {
    const data = bytes(100);
    const server = fakeServer(data, 7, (_, index) => (index === 0 ? { stopAt: 40 } : {}));
    const chunks = await collect(resumableRead(options({ start: 10, end: 100, fetchRange: server.fetchRange })));
    expect(concat(chunks)).toEqual(data.subarray(10, 100));
    expect(server.calls.map((c) => [c.from, c.to])).toEqual([
      [10, 100],
      [40, 100],
    ]);
  });

  it("fails with a TransientIoError when every response ends early without progress", async () => {
    const server = fakeServer(bytes(100), 7, (call) => ({ stopAt: call.from === 0 ? 30 : call.from }));
    const failure = await collect(resumableRead(options({ fetchRange: server.fetchRange }))).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransientIoError);
    expect((failure as Error).message).toContain("failed 3 times in a row at byte offset 30");
    expect((failure as Error).message).toContain("the response ended at byte offset 30, before 100");
    expect(server.calls.map((c) => c.from)).toEqual([0, 30, 30]);
  });

  it("fails at once, without retrying, when a response sends more bytes than asked", async () => {
    const data = bytes(100);
    // A server that ignores the Range header and sends the whole object.
    let calls = 0;
    const fetchRange: RangeFetch = async () => {
      calls++;
      return (async function* () {
        yield data;
      })();
    };
    const failure = await collect(resumableRead(options({ start: 10, end: 50, rangeSize: 20, fetchRange }))).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProtocolError);
    expect((failure as SdfError).retriable).toBe(false);
    expect((failure as Error).message).toContain(`${URI} sent more bytes than asked for [10, 30)`);
    expect((failure as SdfError).context).toEqual({ input: URI, position: "10" });
    expect(calls).toBe(1);
  });

  it("detects an over-long response mid-range, after the bytes it was due", async () => {
    const data = bytes(100);
    const fetchRange: RangeFetch = async (from, to) =>
      (async function* () {
        yield data.subarray(from, to - 1);
        yield data.subarray(to - 1, to + 1);
      })();
    const failure = await collect(resumableRead(options({ end: 50, rangeSize: 50, fetchRange }))).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProtocolError);
    expect((failure as SdfError).retriable).toBe(false);
    expect((failure as SdfError).context.position).toBe("49");
  });

  it("throws a non-retriable classification at once, with the byte reached", async () => {
    const changed = new SourceChangedError("overwritten");
    const positions: number[] = [];
    const server = fakeServer(bytes(100), 8, () => ({ stopAt: 24, fail: connectionReset() }));
    const read = resumableRead(
      options({
        fetchRange: server.fetchRange,
        classify: (_, position) => {
          positions.push(position);
          return changed;
        },
      }),
    );
    const seen: Uint8Array[] = [];
    const failure = await (async () => {
      for await (const chunk of read) seen.push(chunk);
    })().catch((error: unknown) => error);
    expect(failure).toBe(changed);
    expect(positions).toEqual([24]);
    expect(server.calls.length).toBe(1);
    // Check: the whole chunks received before the failure were yielded.
    expect(seen.map((c) => c.byteLength)).toEqual([16]);
  });

  it("throws a non-retriable failure of the request itself at once", async () => {
    let calls = 0;
    const fetchRange: RangeFetch = async () => {
      calls++;
      throw Object.assign(new Error("At least one of the pre-conditions you specified did not hold"), { $metadata: { httpStatusCode: 412 } });
    };
    const changed = new SourceChangedError("etag changed");
    await expect(collect(resumableRead(options({ fetchRange, classify: () => changed })))).rejects.toBe(changed);
    expect(calls).toBe(1);
  });

  it("throws an SdfError raised by fetchRange as is, without asking classify", async () => {
    const changed = new SourceChangedError("changed");
    let classified = 0;
    const fetchRange: RangeFetch = async () => {
      throw changed;
    };
    const classify = (error: unknown, position: number): SdfError => {
      classified++;
      return classifyNetwork(error, position);
    };
    await expect(collect(resumableRead(options({ fetchRange, classify })))).rejects.toBe(changed);
    expect(classified).toBe(0);
  });

  it("gives up after maxAttempts failures in a row at one position, saying how many and where", async () => {
    const server = fakeServer(bytes(100), 5, (call) => ({ stopAt: call.from === 0 ? 10 : call.from, fail: connectionReset() }));
    const failure = await collect(resumableRead(options({ fetchRange: server.fetchRange }))).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransientIoError);
    expect((failure as SdfError).retriable).toBe(true);
    expect((failure as Error).message).toMatch(/^Reading s3:\/\/bucket\/key failed 3 times in a row at byte offset 10 \(3 attempts allowed\): flaky at 10\./);
    expect((failure as SdfError).context).toEqual({ input: URI, position: "10" });
    expect((failure as Error).cause).toBeInstanceOf(TransientIoError);
    expect(server.calls.map((c) => c.from)).toEqual([0, 10, 10]);
  });

  it("with maxAttempts 1, the first retriable failure is final", async () => {
    const server = fakeServer(bytes(100), 5, () => ({ stopAt: 0, fail: connectionReset() }));
    const failure = await collect(
      resumableRead(options({ fetchRange: server.fetchRange, retry: retryPolicyOf({ maxAttempts: 1, baseDelayMs: 0 }) })),
    ).catch((error: unknown) => error);
    expect((failure as Error).message).toMatch(/failed 1 times? in a row at byte offset 0/);
    expect(server.calls.length).toBe(1);
  });

  it("does not exhaust attempts when each failure follows progress", async () => {
    const data = bytes(100);
    // Every connection delivers 10 bytes, then breaks: 10 failures in all, never 2 in a row at one offset.
    const server = fakeServer(data, 3, (call) => ({ stopAt: Math.min(call.to, call.from + 10), fail: connectionReset() }));
    const chunks = await collect(
      resumableRead(options({ fetchRange: server.fetchRange, retry: retryPolicyOf({ maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 }) })),
    );
    expect(concat(chunks)).toEqual(data);
    expect(server.calls.map((c) => c.from)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
  });
});

describe("resumableRead idle timeout and cancellation", () => {
  const idle = retryPolicyOf({ maxAttempts: 3, baseDelayMs: 0, idleTimeoutMs: 50 });

  it("abandons a stream that never yields, aborts its signal and retries", async () => {
    const data = bytes(100);
    const server = fakeServer(data, 10, (_, index) => (index === 0 ? { stopAt: 0, stall: true } : {}));
    const chunks = await collect(resumableRead(options({ fetchRange: server.fetchRange, retry: idle })));
    expect(concat(chunks)).toEqual(data);
    expect(server.calls.map((c) => c.from)).toEqual([0, 0]);
    expect(server.calls[0]?.signal.aborted).toBe(true);
    expect(server.calls[0]?.closed).toBe(true);
  });

  it("resumes a stream that stalls mid-range at the byte reached", async () => {
    const data = bytes(100);
    const server = fakeServer(data, 10, (_, index) => (index === 0 ? { stopAt: 30, stall: true } : {}));
    const chunks = await collect(resumableRead(options({ fetchRange: server.fetchRange, retry: idle })));
    expect(concat(chunks)).toEqual(data);
    expect(server.calls.map((c) => c.from)).toEqual([0, 30]);
    expect(server.calls[0]?.signal.aborted).toBe(true);
  });

  it("abandons a request whose response never starts", async () => {
    const data = bytes(100);
    const inner = fakeServer(data, 10);
    const signals: AbortSignal[] = [];
    const fetchRange: RangeFetch = (from, to, signal) => {
      signals.push(signal);
      return signals.length === 1 ? untilAborted(signal) : inner.fetchRange(from, to, signal);
    };
    const chunks = await collect(resumableRead(options({ fetchRange, retry: idle })));
    expect(concat(chunks)).toEqual(data);
    expect(signals.length).toBe(2);
    expect(signals[0]?.aborted).toBe(true);
  });

  it("abandons a stalled iterator that is not a generator (its return() is called)", async () => {
    const data = bytes(100);
    let returned = 0;
    let first: AbortSignal | undefined;
    const inner = fakeServer(data, 10);
    const fetchRange: RangeFetch = async (from, to, signal) => {
      if (first !== undefined) return inner.fetchRange(from, to, signal);
      first = signal;
      return {
        [Symbol.asyncIterator]: () => ({
          next: () => new Promise<IteratorResult<Uint8Array>>(() => undefined),
          return: async () => {
            returned++;
            return { done: true, value: undefined };
          },
        }),
      };
    };
    const chunks = await collect(resumableRead(options({ fetchRange, retry: idle })));
    expect(concat(chunks)).toEqual(data);
    expect(first?.aborted).toBe(true);
    expect(returned).toBe(1);
  });

  it("says a read stalled when every attempt stalls", async () => {
    const server = fakeServer(bytes(100), 10, (call) => ({ stopAt: call.from === 0 ? 20 : call.from, stall: true }));
    const failure = await collect(
      resumableRead(options({ fetchRange: server.fetchRange, retry: retryPolicyOf({ maxAttempts: 2, baseDelayMs: 0, idleTimeoutMs: 50 }) })),
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransientIoError);
    expect((failure as Error).message).toContain("failed 2 times in a row at byte offset 20");
    expect((failure as Error).message).toContain("stalled: no byte for 50 ms at byte offset 20");
    expect(server.calls.every((c) => c.signal.aborted)).toBe(true);
  });

  it("stopping early aborts the request in flight and closes its stream", async () => {
    const data = bytes(1_000);
    const server = fakeServer(data, 10);
    const seen: Uint8Array[] = [];
    for await (const chunk of resumableRead(options({ end: 1_000, rangeSize: 400, chunkSize: 16, fetchRange: server.fetchRange }))) {
      seen.push(chunk);
      break;
    }
    expect(concat(seen)).toEqual(data.subarray(0, 16));
    expect(server.calls.length).toBe(1);
    expect(server.calls[0]?.signal.aborted).toBe(true);
    expect(server.calls[0]?.closed).toBe(true);
    expect(server.calls[0]?.delivered).toBeLessThan(400);
  });

  it("a read that completes leaves no request open, and aborts none (their connections stay reusable)", async () => {
    const server = fakeServer(bytes(100), 10);
    await collect(resumableRead(options({ rangeSize: 30, fetchRange: server.fetchRange })));
    expect(server.calls.length).toBe(4);
    expect(server.calls.every((c) => c.closed && !c.signal.aborted)).toBe(true);
  });
});
