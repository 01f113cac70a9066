import { describe, expect, it } from "vitest";
import { InvalidOptionError } from "../../../src/errors/InvalidOptionError.js";
import { KafkaSource } from "../../../connectors/kafka/KafkaSource.js";
import { MemoryLog } from "../../../connectors/log/memory/MemoryLog.js";
import { PlatformaticKafkaLog } from "../../../connectors/kafka/PlatformaticKafkaLog.js";
import { UnsupportedFeatureError } from "../../../src/errors/UnsupportedFeatureError.js";
import { platformaticImportError, polyfillWithResolvers } from "../../../connectors/kafka/platformaticModule.js";
import { platformaticRecords, type PlatformaticBatch } from "../../../connectors/kafka/platformaticRecords.js";

const record = (offsetDelta: number, value: string, headers: [Buffer | null, Buffer | null][] = []) => ({ timestampDelta: BigInt(offsetDelta), offsetDelta, key: Buffer.from(`k${value}`), value: Buffer.from(value), headers });

function batch(firstOffset: number, values: string[], extra: Partial<PlatformaticBatch> = {}): PlatformaticBatch {
  return { firstOffset: BigInt(firstOffset), attributes: 0, lastOffsetDelta: values.length - 1, firstTimestamp: 1000n, producerId: -1n, records: values.map((v, i) => record(i, v)), ...extra };
}

/** A transaction marker batch at `offset` (ABORT key 0,0,0,0 or COMMIT 0,0,0,1). */
function marker(offset: number, producerId: bigint, abort: boolean): PlatformaticBatch {
  return { firstOffset: BigInt(offset), attributes: 0x30, lastOffsetDelta: 0, firstTimestamp: 0n, producerId, records: [{ timestampDelta: 0n, offsetDelta: 0, key: Buffer.from([0, 0, 0, abort ? 0 : 1]), value: Buffer.alloc(6), headers: [] }] };
}

describe("platformaticRecords", () => {
  it("drops records below the offset asked for, converts offsets, timestamps and headers, and reports the last offset", () => {
    const withHeaders = { ...batch(10, ["a", "b", "c"]), records: [record(0, "a"), record(1, "b", [[Buffer.from("h"), Buffer.from("1")], [Buffer.from("h"), Buffer.from("2")]]), record(2, "c")] };
    const { records, last } = platformaticRecords({ abortedTransactions: null, records: [withHeaders] }, 11, true);
    expect(records.map((r) => [r.offset, r.timestamp, r.key?.toString(), r.value?.toString()])).toEqual([
      [11, 1001, "kb", "b"],
      [12, 1002, "kc", "c"],
    ]);
    expect(records[0]?.headers["h"]?.toString()).toBe("2");
    expect(records[1]?.headers).toEqual({});
    expect(last).toBe(12);
  });

  it("no batches: last is from - 1", () => {
    expect(platformaticRecords({ abortedTransactions: null, records: null }, 5, true)).toEqual({ records: [], last: 4 });
  });

  it("read_committed drops aborted transactional batches and markers, keeps committed ones; read_uncommitted keeps them", () => {
    const data = {
      abortedTransactions: [{ producerId: 7n, firstOffset: 3n }],
      records: [batch(0, ["ok0", "ok1"], { attributes: 0x10, producerId: 7n }), marker(2, 7n, false), batch(3, ["no3", "no4"], { attributes: 0x10, producerId: 7n }), marker(5, 7n, true), batch(6, ["ok6"], { attributes: 0x10, producerId: 7n })],
    };
    const committed = platformaticRecords(data, 0, true);
    expect(committed.records.map((r) => r.value?.toString())).toEqual(["ok0", "ok1", "ok6"]);
    expect(committed.last).toBe(6);
    expect(platformaticRecords(data, 0, false).records.map((r) => r.value?.toString())).toEqual(["ok0", "ok1", "no3", "no4", "ok6"]);
  });
});

describe("platformaticImportError", () => {
  it("a missing package says how to install it; another failure says to reinstall", () => {
    const missing = platformaticImportError(Object.assign(new Error("Cannot find package '@platformatic/kafka'"), { code: "ERR_MODULE_NOT_FOUND" }));
    expect(missing).toBeInstanceOf(UnsupportedFeatureError);
    expect(missing.message).toContain("npm install @platformatic/kafka");
    expect(missing.retriable).toBe(false);
    const broken = platformaticImportError(new SyntaxError("bad"));
    expect(broken).toBeInstanceOf(UnsupportedFeatureError);
    expect(broken.message).toMatch(/could not be loaded \(bad\).*npm install @platformatic\/kafka/);
  });
});

describe("polyfillWithResolvers", () => {
  it("leaves an existing Promise.withResolvers alone, and adds a working one when missing", async () => {
    const holder = Promise as unknown as { withResolvers?: unknown };
    const original = holder.withResolvers;
    const mine = () => "mine";
    try {
      Object.defineProperty(Promise, "withResolvers", { configurable: true, writable: true, value: mine });
      polyfillWithResolvers();
      expect(holder.withResolvers).toBe(mine);
      delete holder.withResolvers;
      polyfillWithResolvers();
      const { promise, resolve } = (Promise as unknown as { withResolvers<T>(): { promise: Promise<T>; resolve(value: T): void } }).withResolvers<number>();
      resolve(3);
      expect(await promise).toBe(3);
    } finally {
      if (original === undefined) delete holder.withResolvers;
      else Object.defineProperty(Promise, "withResolvers", { configurable: true, writable: true, value: original });
    }
  });
});

describe("PlatformaticKafkaLog options and KafkaSource's log option", () => {
  it("refuses missing brokers and a bad maxBytes", () => {
    expect(() => new PlatformaticKafkaLog({ brokers: [] })).toThrow(InvalidOptionError);
    expect(() => new PlatformaticKafkaLog({ brokers: ["h:1"], maxBytes: 0 })).toThrow(InvalidOptionError);
  });

  it("KafkaSource takes a log, and refuses one together with KafkaLog options", async () => {
    const log = new MemoryLog();
    const source = new KafkaSource({ log });
    await source.close();
    expect(() => new KafkaSource({ log: new MemoryLog(), brokers: ["h:1"] })).toThrow(/either `log` or the KafkaLog options.*brokers/);
    expect(() => new KafkaSource({ log: {} as never })).toThrow(InvalidOptionError);
  });

  it("a closed log refuses further calls", async () => {
    const log = new PlatformaticKafkaLog({ brokers: ["127.0.0.1:1"] });
    await log.close();
    await log.close();
    await expect(log.partitions("t")).rejects.toThrow(/closed/);
  });
});
