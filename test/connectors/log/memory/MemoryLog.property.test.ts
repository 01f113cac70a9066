// Model-based property of MemoryLog: after any sequence of appends, skipped offsets,
// compactions, deletions and added partitions, reading a partition by repeated fetches (random
// maxRecords, from the earliest offset or from anywhere) returns exactly the records the model
// holds, in order, with increasing offsets; offsets() and offsetForTimestamp() agree with it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MemoryLog } from "../../../../connectors/log/memory/MemoryLog.js";

const T = "t";

interface ModelRecord {
  readonly offset: number;
  readonly key: string | null;
  readonly value: string | null;
  readonly timestamp: number;
}

interface ModelPartition {
  records: ModelRecord[];
  earliest: number;
  latest: number;
}

interface Model {
  partitions: ModelPartition[];
  /** Partition each key went to, while the partition count stays the same. */
  keyPartition: Map<string, number>;
}

type LogCommand = fc.AsyncCommand<Model, MemoryLog>;

const pick = (model: Model, n: number): number => n % model.partitions.length;

/** Reads a partition from `from` by fetches of `sizes[i % sizes.length]` records until `latest`. */
async function readFrom(log: MemoryLog, partition: number, from: number, sizes: readonly number[]): Promise<ModelRecord[]> {
  const { latest } = await log.offsets(T, partition);
  const read: ModelRecord[] = [];
  let offset = from;
  for (let i = 0; offset < latest; i++) {
    const { records, nextOffset } = await log.fetch(T, partition, offset, { maxRecords: sizes[i % sizes.length] as number, maxWaitMs: 0 });
    // Check: at most maxRecords, offsets >= the offset asked for and increasing, nextOffset past them.
    expect(records.length).toBeLessThanOrEqual(sizes[i % sizes.length] as number);
    let last = offset - 1;
    for (const record of records) {
      expect(record.offset).toBeGreaterThan(last);
      last = record.offset;
    }
    // Check: progress on every fetch below latest (no wait needed, no record twice).
    expect(nextOffset).toBeGreaterThan(last);
    expect(nextOffset).toBeGreaterThan(offset);
    read.push(...records.map((r) => ({ offset: r.offset, key: r.key?.toString() ?? null, value: r.value?.toString() ?? null, timestamp: r.timestamp })));
    offset = nextOffset;
  }
  expect(offset).toBe(latest);
  return read;
}

class Append implements LogCommand {
  constructor(
    readonly partition: number | null,
    readonly key: string | null,
    readonly value: string | null,
    readonly timestamp: number,
  ) {}
  check = (): boolean => true;
  async run(model: Model, log: MemoryLog): Promise<void> {
    const explicit = this.partition === null ? undefined : pick(model, this.partition);
    const { partition, offset } = log.append(T, { ...(explicit === undefined ? {} : { partition: explicit }), key: this.key, value: this.value, timestamp: this.timestamp });
    if (explicit !== undefined) expect(partition).toBe(explicit);
    if (explicit === undefined && this.key !== null) {
      // Check: a key always goes to the same partition while the count is unchanged.
      const before = model.keyPartition.get(this.key);
      if (before !== undefined) expect(partition).toBe(before);
      model.keyPartition.set(this.key, partition);
    }
    const target = model.partitions[partition] as ModelPartition;
    expect(offset).toBe(target.latest);
    target.records.push({ offset, key: this.key, value: this.value, timestamp: this.timestamp });
    target.latest++;
  }
  toString = (): string => `append(p=${this.partition}, ${this.key}, ${this.value}, @${this.timestamp})`;
}

class Skip implements LogCommand {
  constructor(
    readonly partition: number,
    readonly count: number,
  ) {}
  check = (): boolean => true;
  async run(model: Model, log: MemoryLog): Promise<void> {
    const p = pick(model, this.partition);
    const target = model.partitions[p] as ModelPartition;
    target.latest += this.count;
    expect(log.skipOffsets(T, p, this.count)).toBe(target.latest);
  }
  toString = (): string => `skip(p=${this.partition}, ${this.count})`;
}

class Compact implements LogCommand {
  constructor(readonly partition: number) {}
  check = (): boolean => true;
  async run(model: Model, log: MemoryLog): Promise<void> {
    const p = pick(model, this.partition);
    const target = model.partitions[p] as ModelPartition;
    const lastOfKey = new Map<string, number>();
    for (const r of target.records) if (r.key !== null) lastOfKey.set(r.key, r.offset);
    const kept = target.records.filter((r) => r.key === null || lastOfKey.get(r.key) === r.offset);
    expect(log.compact(T, p)).toBe(target.records.length - kept.length);
    target.records = kept;
  }
  toString = (): string => `compact(p=${this.partition})`;
}

class DeleteBefore implements LogCommand {
  constructor(
    readonly partition: number,
    readonly fraction: number,
  ) {}
  check = (): boolean => true;
  async run(model: Model, log: MemoryLog): Promise<void> {
    const p = pick(model, this.partition);
    const target = model.partitions[p] as ModelPartition;
    const offset = target.earliest + Math.floor(this.fraction * (target.latest - target.earliest));
    const kept = target.records.filter((r) => r.offset >= offset);
    expect(log.deleteBefore(T, p, offset)).toBe(target.records.length - kept.length);
    target.records = kept;
    target.earliest = Math.max(target.earliest, offset);
  }
  toString = (): string => `deleteBefore(p=${this.partition}, ${this.fraction.toFixed(2)})`;
}

class AddPartition implements LogCommand {
  check = (model: Readonly<Model>): boolean => model.partitions.length < 4;
  async run(model: Model, log: MemoryLog): Promise<void> {
    model.partitions.push({ records: [], earliest: 0, latest: 0 });
    model.keyPartition.clear();
    expect(log.addPartitions(T, 1)).toBe(model.partitions.length);
    expect(await log.partitions(T)).toEqual(model.partitions.map((_, i) => i));
  }
  toString = (): string => "addPartition";
}

class ReadAll implements LogCommand {
  constructor(
    readonly partition: number,
    readonly sizes: readonly number[],
  ) {}
  check = (): boolean => true;
  async run(model: Model, log: MemoryLog): Promise<void> {
    const p = pick(model, this.partition);
    const target = model.partitions[p] as ModelPartition;
    const offsets = await log.offsets(T, p);
    expect(offsets).toEqual({ earliest: target.earliest, latest: target.latest });
    expect(await readFrom(log, p, offsets.earliest, this.sizes)).toEqual(target.records);
  }
  toString = (): string => `readAll(p=${this.partition}, sizes=${this.sizes.join(",")})`;
}

class ReadFromAnywhere implements LogCommand {
  constructor(
    readonly partition: number,
    readonly fraction: number,
    readonly sizes: readonly number[],
  ) {}
  check = (): boolean => true;
  async run(model: Model, log: MemoryLog): Promise<void> {
    const p = pick(model, this.partition);
    const target = model.partitions[p] as ModelPartition;
    // Any offset in [0, latest]: below the earliest, in a gap, or on a record.
    const from = Math.floor(this.fraction * (target.latest + 1));
    if (from > target.latest) return;
    expect(await readFrom(log, p, from, this.sizes)).toEqual(target.records.filter((r) => r.offset >= from));
  }
  toString = (): string => `readFrom(p=${this.partition}, ${this.fraction.toFixed(2)}, sizes=${this.sizes.join(",")})`;
}

class OffsetForTimestamp implements LogCommand {
  constructor(
    readonly partition: number,
    readonly timestamp: number,
  ) {}
  check = (): boolean => true;
  async run(model: Model, log: MemoryLog): Promise<void> {
    const p = pick(model, this.partition);
    const target = model.partitions[p] as ModelPartition;
    const expected = target.records.find((r) => r.timestamp >= this.timestamp)?.offset ?? target.latest;
    expect(await log.offsetForTimestamp(T, p, this.timestamp)).toBe(expected);
  }
  toString = (): string => `offsetForTimestamp(p=${this.partition}, ${this.timestamp})`;
}

const partitionIndex = fc.nat({ max: 7 });
const sizes = fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 });
const commands = [
  fc
    .tuple(fc.option(partitionIndex), fc.option(fc.constantFrom("a", "b", "c", "d", "é")), fc.option(fc.string({ maxLength: 4 })), fc.integer({ min: -5, max: 20 }))
    .map(([p, k, v, ts]) => new Append(p, k, v, ts)),
  fc.tuple(partitionIndex, fc.integer({ min: 0, max: 4 })).map(([p, n]) => new Skip(p, n)),
  partitionIndex.map((p) => new Compact(p)),
  fc.tuple(partitionIndex, fc.double({ min: 0, max: 1, noNaN: true })).map(([p, f]) => new DeleteBefore(p, f)),
  fc.constant(null).map(() => new AddPartition()),
  fc.tuple(partitionIndex, sizes).map(([p, s]) => new ReadAll(p, s)),
  fc.tuple(partitionIndex, fc.double({ min: 0, max: 1, noNaN: true }), sizes).map(([p, f, s]) => new ReadFromAnywhere(p, f, s)),
  fc.tuple(partitionIndex, fc.integer({ min: -6, max: 21 })).map(([p, ts]) => new OffsetForTimestamp(p, ts)),
];

describe("MemoryLog: model-based property", () => {
  it("any appends, skips, compactions and deletions read back exactly, by fetches of any size", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 3 }), fc.commands(commands, { maxCommands: 60 }), async (partitions, cmds) => {
        const log = new MemoryLog({ now: () => 0 });
        log.createTopic(T, partitions);
        const model: Model = { partitions: Array.from({ length: partitions }, () => ({ records: [], earliest: 0, latest: 0 })), keyPartition: new Map() };
        await fc.asyncModelRun(() => ({ model, real: log }), cmds);
        // Check: at the end every partition reads back whole, in one fetch and in pieces.
        for (let p = 0; p < model.partitions.length; p++) {
          const target = model.partitions[p] as ModelPartition;
          expect(await readFrom(log, p, 0, [1000])).toEqual(target.records);
          expect(await readFrom(log, p, target.earliest, [1, 2, 3])).toEqual(target.records);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("with retention.maxRecords, the stored records are the newest ones and read back exactly", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.oneof(fc.record({ skip: fc.integer({ min: 0, max: 3 }) }), fc.record({ value: fc.string({ maxLength: 3 }) })), { maxLength: 40 }),
        sizes,
        async (maxRecords, ops, readSizes) => {
          const log = new MemoryLog({ now: () => 0 });
          log.createTopic(T, 1, { retention: { maxRecords } });
          const all: ModelRecord[] = [];
          let latest = 0;
          for (const op of ops) {
            if ("skip" in op) latest = log.skipOffsets(T, 0, op.skip);
            else {
              all.push({ offset: log.append(T, { value: op.value }).offset, key: null, value: op.value, timestamp: 0 });
              latest = (all[all.length - 1] as ModelRecord).offset + 1;
            }
          }
          const kept = all.slice(-maxRecords);
          const { earliest } = await log.offsets(T, 0);
          // Check: earliest is the first kept record (0 if nothing was ever deleted).
          expect(earliest).toBe(all.length > maxRecords ? kept[0]?.offset : 0);
          expect(await readFrom(log, 0, 0, readSizes)).toEqual(kept);
          expect((await log.offsets(T, 0)).latest).toBe(latest);
        },
      ),
    );
  });
});
