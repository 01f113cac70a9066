// KafkaLog without a broker: option checks and argument checks that fail before any I/O.
import kafkajs from "kafkajs";
import type { Kafka } from "kafkajs";
import { describe, expect, it } from "vitest";
import { KafkaLog } from "../../../connectors/kafka/KafkaLog.js";
import type { KafkaLogOptions } from "../../../connectors/kafka/KafkaLogOptions.js";
import { kafkaLogSettings } from "../../../connectors/kafka/KafkaLogOptions.js";
import type { PartitionedLog } from "../../../connectors/log/PartitionedLog.js";
import { CorruptInputError } from "../../../src/errors/CorruptInputError.js";
import { InvalidOptionError } from "../../../src/errors/InvalidOptionError.js";
import { InvalidTimestampError } from "../../../src/errors/InvalidTimestampError.js";
import { LogClosedError } from "../../../src/errors/LogClosedError.js";
import { scriptedKafka } from "./scriptedKafka.js";

// Nothing listens here: a call that reached the network would fail differently (and slowly).
const BROKERS = ["127.0.0.1:1"];

function optionError(options: unknown): unknown {
  try {
    new KafkaLog(options as KafkaLogOptions);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("KafkaLog options", () => {
  it("fills in defaults", () => {
    expect(kafkaLogSettings({ brokers: BROKERS })).toMatchObject({
      brokers: BROKERS,
      kafka: undefined,
      clientId: "sdfkit",
      readCommitted: true,
      maxBufferedRecords: 10_000,
      idleReaderMs: 30_000,
      metadataCacheMs: 250,
      logLevel: "warn",
    });
    const log = new KafkaLog({ brokers: BROKERS }) satisfies PartitionedLog;
    expect(log.scheme).toBe("kafka");
    expect(log.readerStats).toEqual({ created: 0, open: 0 });
  });

  it("accepts a ready kafkajs instance instead of brokers", () => {
    const kafka = new kafkajs.Kafka({ brokers: BROKERS, logLevel: kafkajs.logLevel.NOTHING });
    expect(kafkaLogSettings({ kafka }).kafka).toBe(kafka);
  });

  it("refuses a client with only the KafkaJS API (no kafkajs protocol layer to fetch through), saying what to pass", () => {
    const apiOnly = { consumer: () => ({}), admin: () => ({}), producer: () => ({}) } as unknown as Kafka;
    expect(() => new KafkaLog({ kafka: apiOnly })).toThrow(/kafkajs 2\.2\.x Kafka instance.*pass `brokers` instead/);
  });

  it.each([
    [{}, /exactly one of `brokers` and `kafka`.*got neither/],
    [{ brokers: BROKERS, kafka: new kafkajs.Kafka({ brokers: BROKERS }) }, /exactly one of `brokers` and `kafka`.*got both/],
    [{ brokers: [] }, /`brokers` to be a non-empty array of "host:port" strings, got \[\]/],
    [{ brokers: "127.0.0.1:9092" }, /`brokers` to be a non-empty array/],
    [{ brokers: ["localhost"] }, /got \["localhost"\]/],
    [{ brokers: ["a:1", 7] }, /non-empty array/],
    [{ kafka: { consumer: 1 } }, /`kafka` to be a kafkajs Kafka instance/],
    [{ brokers: BROKERS, clientId: "" }, /`clientId` to be a non-empty string, got ""/],
    [{ brokers: BROKERS, readCommitted: "yes" }, /`readCommitted` to be a boolean, got "yes"/],
    [{ brokers: BROKERS, maxBufferedRecords: 0 }, /`maxBufferedRecords` to be an integer >= 1, got 0/],
    [{ brokers: BROKERS, maxBufferedRecords: 1.5 }, /`maxBufferedRecords`/],
    [{ brokers: BROKERS, idleReaderMs: -1 }, /`idleReaderMs` to be a number of milliseconds >= 0, got -1/],
    [{ brokers: BROKERS, metadataCacheMs: Number.NaN }, /`metadataCacheMs`/],
    [{ brokers: BROKERS, onLog: "console" }, /`onLog` to be a function/],
    [{ brokers: BROKERS, logLevel: "verbose" }, /`logLevel` to be one of error, warn, info, debug, got "verbose"/],
    [{ kafka: new kafkajs.Kafka({ brokers: BROKERS }), clientId: "x", onLog: () => {} }, /`clientId`, `onLog` only apply to the client KafkaLog creates from `brokers`/],
    [null, /options to be an object/],
  ])("rejects %j", (options, message) => {
    const error = optionError(options);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(String(error)).toMatch(message);
  });

  it("never repeats credentials from a broker string in its message", () => {
    const error = optionError({ brokers: ["user:hunter2@kafka"] });
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(String(error)).not.toContain("hunter2");
  });
});

describe("KafkaLog arguments", () => {
  const log = new KafkaLog({ brokers: BROKERS });

  it.each([
    ["a negative offset", () => log.fetch("t", 0, -1, { maxRecords: 1, maxWaitMs: 0 }), /offset to be an integer >= 0, got -1/],
    ["an unsafe offset", () => log.fetch("t", 0, 2 ** 53, { maxRecords: 1, maxWaitMs: 0 }), /offset/],
    ["maxRecords 0", () => log.fetch("t", 0, 0, { maxRecords: 0, maxWaitMs: 0 }), /`maxRecords` to be an integer >= 1, got 0/],
    ["a NaN wait", () => log.fetch("t", 0, 0, { maxRecords: 1, maxWaitMs: Number.NaN }), /`maxWaitMs` to be a number >= 0, got NaN/],
    ["an empty topic name", () => log.partitions(""), /topic name/],
    ["a negative partition", () => log.offsets("t", -1), /partition number >= 0 of kafka:\/\/t, got -1/],
    ["an empty group id", () => log.commit("", []), /`groupId` to be a non-empty string/],
    ["a bad commit offset", () => log.commit("g", [{ topic: "t", partition: 0, offset: -5 }]), /commit offsets with integer partition and offset >= 0/],
  ])("rejects %s before any I/O", async (_what, call, message) => {
    await expect(call()).rejects.toThrow(InvalidOptionError);
    await expect(call()).rejects.toThrow(message);
  });

  it("rejects a timestamp that is not a finite number", async () => {
    await expect(log.offsetForTimestamp("t", 0, Number.NaN)).rejects.toThrow(InvalidTimestampError);
  });

  it("commits nothing, without I/O, when given no offsets", async () => {
    await expect(log.commit("g", [])).resolves.toBeUndefined();
  });

  it("fails every call once closed with a LogClosedError naming the call, and closes twice without error", async () => {
    const closing = new KafkaLog({ brokers: BROKERS });
    await closing.close();
    await closing.close();
    const calls: [string, () => Promise<unknown>][] = [
      ["partitions", () => closing.partitions("t")],
      ["offsets", () => closing.offsets("t", 0)],
      ["offsetForTimestamp", () => closing.offsetForTimestamp("t", 0, 0)],
      ["fetch", () => closing.fetch("t", 0, 0, { maxRecords: 1, maxWaitMs: 0 })],
      ["commit", () => closing.commit("g", [])],
      ["committedOffset", () => closing.committedOffset("g", "t", 0)],
    ];
    for (const [name, call] of calls) {
      const error = await call().catch((e: unknown) => e);
      // Check: one error class for a closed log, never retriable, saying what to do.
      expect(error, name).toBeInstanceOf(LogClosedError);
      expect((error as LogClosedError).retriable).toBe(false);
      expect((error as Error).message).toBe(`Cannot call ${name}: this KafkaLog (brokers 127.0.0.1:1) is closed; create a new KafkaLog to go on`);
    }
  });
});

describe("KafkaLog answers", () => {
  it("a malformed offset from the brokers is a CorruptInputError naming the partition", async () => {
    const kafka = scriptedKafka({ t: 1 });
    Object.assign(kafka.admin(), { fetchTopicOffsets: async () => [{ partition: 0, low: "0", high: "-3" }] });
    const log = new KafkaLog({ kafka });
    const error = await log.offsets("t", 0).catch((e: unknown) => e);
    // Check: not a transient failure; the message names the offset and the partition.
    expect(error).toBeInstanceOf(CorruptInputError);
    expect((error as CorruptInputError).retriable).toBe(false);
    expect((error as Error).message).toMatch(/^Kafka returned offset -3 for kafka:\/\/t\/0, which is not an integer/);
    await log.close();
  });
});
