// Option checks of KafkaSink and runExactlyOnce: typed errors before any connection is made.
import { describe, expect, it } from "vitest";
import { isFencing } from "../../../connectors/kafka/TransactionFencedError.js";
import { KafkaSink } from "../../../connectors/kafka/KafkaSink.js";
import { runExactlyOnce } from "../../../connectors/kafka/runExactlyOnce.js";
import { InvalidOptionError } from "../../../src/index.js";

const base = { brokers: ["127.0.0.1:1"], topics: ["in"], groupId: "g", transactionalId: "t-0", transform: () => [] };

describe("KafkaSink options", () => {
  it.each([
    [{ transactionalId: "t" }, /exactly one of `brokers` and `kafka`/],
    [{ brokers: [], transactionalId: "t" }, /non-empty array/],
    [{ brokers: ["h:1"], transactionalId: "" }, /transactionalId/],
    [{ brokers: ["h:1"], transactionalId: "t", transactionTimeoutMs: 10 }, /transactionTimeoutMs/],
  ])("rejects %j", (options, message) => {
    expect(() => new KafkaSink(options as ConstructorParameters<typeof KafkaSink>[0])).toThrow(InvalidOptionError);
    expect(() => new KafkaSink(options as ConstructorParameters<typeof KafkaSink>[0])).toThrow(message);
  });

  it("a record without a topic, on a sink without a default topic, is refused before anything is sent", async () => {
    const sink = new KafkaSink({ brokers: ["127.0.0.1:1"], transactionalId: "t" });
    // Not connected and never connects: the check comes first.
    Object.defineProperty(sink, "connect", { value: async () => undefined });
    await expect(sink.writeTransaction([{ value: "x" }], "g", [])).rejects.toThrow(/names no `topic`/);
  });
});

describe("runExactlyOnce options", () => {
  it.each([
    [{ topics: [] }, /topics/],
    [{ groupId: "" }, /groupId/],
    [{ transform: "nope" }, /transform/],
    [{ commitEveryRecords: 0 }, /commitEveryRecords/],
    [{ commitEveryMs: Number.NaN }, /commitEveryMs/],
    [{ maxRestarts: -1 }, /maxRestarts/],
  ])("rejects %j with an InvalidOptionError", async (change, message) => {
    const run = runExactlyOnce({ ...base, ...change } as unknown as Parameters<typeof runExactlyOnce>[0]);
    await expect(run).rejects.toBeInstanceOf(InvalidOptionError);
    await expect(runExactlyOnce({ ...base, ...change } as unknown as Parameters<typeof runExactlyOnce>[0])).rejects.toThrow(message);
  });
});

describe("isFencing", () => {
  it("finds Kafka's fencing error types anywhere in a kafkajs cause chain", () => {
    expect(isFencing({ name: "KafkaJSProtocolError", type: "INVALID_PRODUCER_EPOCH" })).toBe(true);
    expect(isFencing({ name: "KafkaJSNonRetriableError", cause: { type: "PRODUCER_FENCED" } })).toBe(true);
    expect(isFencing({ name: "KafkaJSNumberOfRetriesExceeded", originalError: { type: "PRODUCER_FENCED" } })).toBe(true);
    expect(isFencing({ name: "KafkaJSConnectionError", code: "ECONNREFUSED" })).toBe(false);
    expect(isFencing(null)).toBe(false);
  });
});
