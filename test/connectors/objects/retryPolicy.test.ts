import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_POLICY, retryDelayMs, retryPolicyOf, type RetryPolicy } from "../../../connectors/objects/RetryPolicy.js";
import { retrying } from "../../../connectors/objects/retrying.js";
import { InputNotFoundError } from "../../../src/errors/InputNotFoundError.js";
import { InvalidOptionError } from "../../../src/errors/InvalidOptionError.js";
import { SdfError } from "../../../src/errors/SdfError.js";
import { TransientIoError } from "../../../src/errors/TransientIoError.js";

/** The largest value `random()` can return: the double just below 1. */
const ALMOST_ONE = 1 - Number.EPSILON / 2;

describe("retryPolicyOf", () => {
  it("fills in the documented defaults and freezes the result", () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({ maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 10_000, idleTimeoutMs: 30_000 });
    expect(retryPolicyOf()).toEqual(DEFAULT_RETRY_POLICY);
    expect(retryPolicyOf({})).toEqual(DEFAULT_RETRY_POLICY);
    const policy = retryPolicyOf({ maxAttempts: 2, idleTimeoutMs: 50 });
    expect(policy).toEqual({ maxAttempts: 2, baseDelayMs: 100, maxDelayMs: 10_000, idleTimeoutMs: 50 });
    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen(DEFAULT_RETRY_POLICY)).toBe(true);
  });

  it("accepts the smallest legal values", () => {
    expect(retryPolicyOf({ maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, idleTimeoutMs: 1 })).toEqual({
      maxAttempts: 1,
      baseDelayMs: 0,
      maxDelayMs: 0,
      idleTimeoutMs: 1,
    });
  });

  // Check: every field rejects non-integers and values below its minimum, naming the field and the value.
  it.each([
    ["maxAttempts", 0],
    ["maxAttempts", -1],
    ["maxAttempts", 1.5],
    ["maxAttempts", Number.NaN],
    ["maxAttempts", Number.POSITIVE_INFINITY],
    ["baseDelayMs", -1],
    ["baseDelayMs", 0.5],
    ["maxDelayMs", -5],
    ["maxDelayMs", 2.25],
    ["idleTimeoutMs", 0],
    ["idleTimeoutMs", -10],
    ["idleTimeoutMs", 10.5],
  ] as const)("rejects %s = %d", (field, value) => {
    const call = (): RetryPolicy => retryPolicyOf({ [field]: value });
    expect(call).toThrow(InvalidOptionError);
    expect(call).toThrow(`retry.${field}`);
    expect(call).toThrow(`got ${String(value)}`);
  });

  it("rejects a value that is not a number at all", () => {
    expect(() => retryPolicyOf({ maxAttempts: "3" as unknown as number })).toThrow(/retry\.maxAttempts.*got 3/);
  });
});

describe("retryDelayMs", () => {
  const policies = fc.record({
    maxAttempts: fc.integer({ min: 1, max: 10 }),
    baseDelayMs: fc.integer({ min: 0, max: 10_000 }),
    maxDelayMs: fc.integer({ min: 0, max: 100_000 }),
    idleTimeoutMs: fc.integer({ min: 1, max: 100_000 }),
  });

  it("is an integer in [0, min(maxDelayMs, base * 2^(retry-1))) (0 when that bound is 0)", () => {
    fc.assert(
      fc.property(
        policies,
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (policy, retry, draw) => {
          const delay = retryDelayMs(policy, retry, () => draw);
          const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
          expect(Number.isSafeInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(0);
          if (ceiling === 0) expect(delay).toBe(0);
          else expect(delay).toBeLessThan(ceiling);
        },
      ),
    );
  });

  it("is 0 when random() returns 0", () => {
    fc.assert(
      fc.property(policies, fc.integer({ min: 1, max: 200 }), (policy, retry) => {
        expect(retryDelayMs(policy, retry, () => 0)).toBe(0);
      }),
    );
  });

  it("doubles with each retry when random() is near 1, until the cap", () => {
    const policy = retryPolicyOf({ baseDelayMs: 100, maxDelayMs: 1_000 });
    const delays = [1, 2, 3, 4, 5, 6, 40].map((retry) => retryDelayMs(policy, retry, () => ALMOST_ONE));
    expect(delays).toEqual([99, 199, 399, 799, 999, 999, 999]);
  });

  it("never decreases with the retry number for a fixed draw", () => {
    fc.assert(
      fc.property(policies, fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (policy, retry, draw) => {
        expect(retryDelayMs(policy, retry + 1, () => draw)).toBeGreaterThanOrEqual(retryDelayMs(policy, retry, () => draw));
      }),
    );
  });

  it("uses Math.random by default and stays within the cap", () => {
    const policy = retryPolicyOf({ baseDelayMs: 10, maxDelayMs: 50 });
    for (let retry = 1; retry <= 20; retry++) {
      const delay = retryDelayMs(policy, retry);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(50);
    }
  });
});

describe("retrying", () => {
  const fast = retryPolicyOf({ maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 });
  const classify = (error: unknown): SdfError =>
    error instanceof SdfError ? error : new TransientIoError(`flaky: ${String(error)}`, { context: { input: "s3://b/k" } });

  it("retries retriable failures and returns the first success", async () => {
    let calls = 0;
    const result = await retrying("open s3://b/k", fast, classify, async () => {
      calls++;
      if (calls < 3) throw new Error("reset");
      return "ok";
    });
    expect([result, calls]).toEqual(["ok", 3]);
  });

  it("gives up after maxAttempts attempts with a TransientIoError that says so", async () => {
    let calls = 0;
    const failure = await retrying("open s3://b/k", fast, classify, async () => {
      calls++;
      throw new Error("reset");
    }).catch((error: unknown) => error);
    expect(calls).toBe(3);
    expect(failure).toBeInstanceOf(TransientIoError);
    expect((failure as Error).message).toMatch(/^Could not open s3:\/\/b\/k after 3 attempts: flaky: Error: reset/);
    expect((failure as Error).cause).toBeInstanceOf(TransientIoError);
    expect((failure as SdfError).context).toEqual({ input: "s3://b/k" });
  });

  it("throws a non-retriable failure at once", async () => {
    let calls = 0;
    const missing = new InputNotFoundError("no such key");
    await expect(
      retrying("open s3://b/k", fast, classify, async () => {
        calls++;
        throw missing;
      }),
    ).rejects.toBe(missing);
    expect(calls).toBe(1);
  });
});
