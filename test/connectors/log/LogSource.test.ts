// LogSource behaviour over a real MemoryLog and LocalRunner (no mocks): bounded reads, start and
// end positions, offset gaps, decoders, errors, offset commits, durable resume, lineage and
// backlog. Unbounded reads, discovery and watermarks are in LogSource.unbounded.test.ts.
//
// "After the read started" is made exact without timing: the runner pulls the next element
// only after it expanded the previous one (initialRestriction + splitRestriction), so code in
// an async generator after `yield topic` runs once the read's end offsets are fixed.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { LogMessage } from "../../../connectors/log/LogMessage.js";
import { LogSource } from "../../../connectors/log/LogSource.js";
import type { LogSourceOptions } from "../../../connectors/log/LogSourceOptions.js";
import { MemoryLog } from "../../../connectors/log/memory/MemoryLog.js";
import {
  CorruptInputError,
  InputNotFoundError,
  InvalidOptionError,
  LocalRunner,
  WorkItemFailedError,
  type LocalRunnerOptions,
} from "../../../src/index.js";
import { ProgressLog, filesUnder, freshDir, nextTurn, removeDir } from "../../runner/fixtures/helpers.js";

/** Record times start here (epoch ms); the log's clock is fixed, so nothing depends on real time. */
const BASE = 1_700_000_000_000;
const FIELDS = ["headers", "key", "offset", "partition", "timestamp", "topic", "value"];

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) removeDir(dir);
});

function newDir(): string {
  const dir = freshDir("sdfkit-logsource-");
  dirs.push(dir);
  return dir;
}

function newLog(): MemoryLog {
  return new MemoryLog({ now: () => BASE });
}

/**
 * Appends `counts[p]` records to each partition p, interleaved across partitions: key
 * `k<p>-<i>`, value `v<p>-<i>`, timestamp `BASE + i`, header `n: <i>`.
 */
function fill(log: MemoryLog, topic: string, counts: readonly number[], from = 0): void {
  const longest = Math.max(...counts);
  for (let i = from; i < from + longest; i++) {
    for (let partition = 0; partition < counts.length; partition++) {
      if (i - from >= (counts[partition] ?? 0)) continue;
      log.append(topic, { partition, key: `k${partition}-${i}`, value: `v${partition}-${i}`, timestamp: BASE + i, headers: { n: String(i) } });
    }
  }
}

/** What one unsplit read of everything stored outputs, straight from the log (the oracle). */
async function stored(log: MemoryLog, topic: string): Promise<LogMessage[]> {
  const messages: LogMessage[] = [];
  for (const partition of await log.partitions(topic)) {
    const { latest } = await log.offsets(topic, partition);
    const { records } = await log.fetch(topic, partition, 0, { maxRecords: latest + 1, maxWaitMs: 0 });
    for (const r of records) messages.push({ topic, partition, offset: r.offset, key: r.key, value: r.value, timestamp: r.timestamp, headers: r.headers });
  }
  return messages;
}

const idOf = (m: { partition: number; offset: number }): string => `${m.partition}/${m.offset}`;

/** Messages sorted by partition, then offset: compare reads as multisets with toEqual. */
function byPosition<T extends { partition: number; offset: number }>(messages: readonly T[]): T[] {
  return [...messages].sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

/** The offsets read per partition, in arrival order. */
function offsetsByPartition(messages: readonly LogMessage<unknown, unknown>[]): Map<number, number[]> {
  const result = new Map<number, number[]>();
  for (const m of messages) {
    let list = result.get(m.partition);
    if (list === undefined) result.set(m.partition, (list = []));
    list.push(m.offset);
  }
  return result;
}

/** `[from, to)` as an array. */
function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

/** Yields `topic`; once the runner has expanded it, runs `afterStart` (e.g. appends). */
async function* startThen(topic: string, afterStart: () => void): AsyncGenerator<string> {
  yield topic;
  afterStart();
}

/** The error and its causes, outermost first. */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e !== undefined && e !== null && chain.length < 10; e = (e as { cause?: unknown }).cause) chain.push(e);
  return chain;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the run to fail, it succeeded");
}

/** Latest offset of each partition. */
async function latestOffsets(log: MemoryLog, topic: string): Promise<number[]> {
  const partitions = await log.partitions(topic);
  return Promise.all(partitions.map(async (p) => (await log.offsets(topic, p)).latest));
}

describe("LogSource bounded reads (until: latest)", () => {
  it("3 partitions, 1,500 records: each exactly once with its key, value, timestamp and headers; records appended after the start are not read", async () => {
    const log = newLog();
    log.createTopic("orders", 3);
    fill(log, "orders", [400, 500, 600]);
    const expected = await stored(log, "orders");
    let appendedAfterStart = 0;
    const elements = startThen("orders", () => {
      fill(log, "orders", [5, 5, 5], 10_000);
      appendedAfterStart = 15;
    });

    const got: LogMessage[] = [];
    for await (const m of new LocalRunner({ parallelism: 4 }).run(new LogSource({ log, until: "latest", maxRecordsPerFetch: 64 }), elements)) got.push(m);

    // Check: the appends really happened while the read ran, and the read ignored them.
    expect(appendedAfterStart).toBe(15);
    expect(await latestOffsets(log, "orders")).toEqual([405, 505, 605]);
    // Check: exactly the records stored at the start, each once, with every field intact.
    expect(got).toHaveLength(1_500);
    expect(new Set(got.map(idOf)).size).toBe(1_500);
    expect(byPosition(got)).toEqual(expected);
    for (const m of got) {
      expect(Object.keys(m).sort()).toEqual(FIELDS);
      expect(Buffer.isBuffer(m.key) && Buffer.isBuffer(m.value)).toBe(true);
    }
    const sample = got.find((m) => m.partition === 2 && m.offset === 7);
    expect(sample?.topic).toBe("orders");
    expect(sample?.key?.toString()).toBe("k2-7");
    expect(sample?.value?.toString()).toBe("v2-7");
    expect(sample?.timestamp).toBe(BASE + 7);
    expect(sample?.headers.n?.toString()).toBe("7");
  });

  it("without dynamic splitting each partition arrives in offset order, interleaved across partitions", async () => {
    const log = newLog();
    log.createTopic("orders", 3);
    fill(log, "orders", [300, 200, 250]);
    const runner = new LocalRunner({ parallelism: 3, dynamicSplitting: false, checkpointAfterOutputs: 25, outputBufferSize: 16 });
    const got = await runner.collect(new LogSource({ log, until: "latest", maxRecordsPerFetch: 10 }), ["orders"]);
    const offsets = offsetsByPartition(got);
    // Check: per partition, the arrival order is the offset order, with nothing missing.
    expect(offsets.get(0)).toEqual(range(0, 300));
    expect(offsets.get(1)).toEqual(range(0, 200));
    expect(offsets.get(2)).toEqual(range(0, 250));
  });

  it("with dynamic splitting (the default) a partition is never divided between workers: exactly once, in offset order", async () => {
    const log = newLog();
    log.createTopic("solo", 1);
    fill(log, "solo", [2_000]);
    const progress = new ProgressLog();
    const runner = new LocalRunner({ parallelism: 2, checkpointAfterOutputs: 10, outputBufferSize: 16, onProgress: progress.onProgress });
    const got: LogMessage[] = [];
    for await (const m of runner.run(new LogSource({ log, until: "latest", maxRecordsPerFetch: 20 }), ["solo"])) {
      got.push(m);
      await nextTurn();
    }
    // Check: the idle second worker got no half of the partition, and order held throughout.
    expect(progress.last().dynamicSplits).toBe(0);
    expect(progress.last().checkpoints).toBeGreaterThan(0);
    expect(got.map((m) => m.offset)).toEqual(range(0, 2_000));
  });

  it("an empty topic finishes with no output; so does from: latest until: latest", async () => {
    const log = newLog();
    log.createTopic("empty", 4);
    log.createTopic("full", 2);
    fill(log, "full", [10, 10]);
    const runner = new LocalRunner({ parallelism: 2 });
    expect(await runner.collect(new LogSource({ log, until: "latest" }), ["empty"])).toEqual([]);
    expect(await runner.collect(new LogSource({ log, from: "latest", until: "latest" }), ["full"])).toEqual([]);
  });

  it("several topics as elements: each read exactly once", async () => {
    const log = newLog();
    log.createTopic("a", 2);
    log.createTopic("b", 3);
    fill(log, "a", [30, 0]);
    fill(log, "b", [5, 6, 7]);
    const got = await new LocalRunner({ parallelism: 2 }).collect(new LogSource({ log, until: "latest" }), ["a", "b"]);
    const ids = got.map((m) => `${m.topic}:${idOf(m)}`).sort();
    const expected = [...(await stored(log, "a")), ...(await stored(log, "b"))].map((m) => `${m.topic}:${idOf(m)}`).sort();
    expect(ids).toEqual(expected);
  });
});

describe("LogSource start and end by time (offset semantics with out-of-order timestamps)", () => {
  /**
   * Per partition: the first offset whose timestamp is >= t. Timestamps per partition:
   * p0 [100, 300, 200, 400, 150, 500], p1 [50, 60, 70], p2 [100, 260, 120], p3 [900, 100, 300, 460].
   */
  function timeLog(): MemoryLog {
    const log = newLog();
    log.createTopic("t", 4);
    const times = [
      [100, 300, 200, 400, 150, 500],
      [50, 60, 70],
      [100, 260, 120],
      [900, 100, 300, 460],
    ];
    times.forEach((list, partition) => list.forEach((timestamp, i) => log.append("t", { partition, value: `p${partition}#${i}`, timestamp })));
    return log;
  }

  async function read(options: Omit<LogSourceOptions, "log">): Promise<Map<number, number[]>> {
    const log = timeLog();
    const got = await new LocalRunner({ parallelism: 2, dynamicSplitting: false }).collect(new LogSource({ log, ...options }), ["t"]);
    const offsets = offsetsByPartition(got);
    for (const list of offsets.values()) list.sort((a, b) => a - b);
    return offsets;
  }

  it("from: { timestamp: 250 } starts at the first offset with a timestamp >= 250 and keeps older records after it", async () => {
    const offsets = await read({ from: { timestamp: 250 }, until: "latest" });
    // p0 starts at offset 1 (300) and still reads 200 and 150; p1 has none >= 250 (starts at latest);
    // p2 starts at offset 1 (260); p3 at offset 0 (900).
    expect([...offsets].sort((a, b) => a[0] - b[0])).toEqual([
      [0, [1, 2, 3, 4, 5]],
      [2, [1, 2]],
      [3, [0, 1, 2, 3]],
    ]);
  });

  it("until: { timestamp: 450 } ends before the first offset with a timestamp >= 450 (the latest when there is none)", async () => {
    const offsets = await read({ until: { timestamp: 450 } });
    // p0 ends before offset 5 (500); p1 and p2 have none >= 450 (read to latest); p3 ends before offset 0 (900).
    expect([...offsets].sort((a, b) => a[0] - b[0])).toEqual([
      [0, [0, 1, 2, 3, 4]],
      [1, [0, 1, 2]],
      [2, [0, 1, 2]],
    ]);
  });

  it("from 250 until 450: per partition [first >= 250, first >= 450), empty when the end comes first", async () => {
    const offsets = await read({ from: { timestamp: 250 }, until: { timestamp: 450 } });
    expect([...offsets].sort((a, b) => a[0] - b[0])).toEqual([
      [0, [1, 2, 3, 4]],
      [2, [1, 2]],
    ]);
  });

  it("a time after every record reads nothing and finishes", async () => {
    expect((await read({ from: { timestamp: 10_000 }, until: "latest" })).size).toBe(0);
  });
});

describe("LogSource over offset gaps", () => {
  /**
   * p0: records 0-4, a 3-offset gap (transaction markers), records 8-9, a 4-offset gap at the end (latest 14).
   * p1: keys a b a c b a compacted: records at 3, 4, 5 only.
   * p2: 6 records, deleted before 3, then a 2-offset gap at the end (latest 8).
   * p3: nothing but a 5-offset gap.
   */
  function gappyLog(): MemoryLog {
    const log = newLog();
    log.createTopic("g", 4);
    for (let i = 0; i < 5; i++) log.append("g", { partition: 0, value: `a${i}` });
    log.skipOffsets("g", 0, 3);
    for (let i = 0; i < 2; i++) log.append("g", { partition: 0, value: `b${i}` });
    log.skipOffsets("g", 0, 4);
    for (const key of ["a", "b", "a", "c", "b", "a"]) log.append("g", { partition: 1, key, value: key });
    log.compact("g", 1);
    for (let i = 0; i < 6; i++) log.append("g", { partition: 2, value: `c${i}` });
    log.deleteBefore("g", 2, 3);
    log.skipOffsets("g", 2, 2);
    log.skipOffsets("g", 3, 5);
    return log;
  }

  const EXPECTED = ["0/0", "0/1", "0/2", "0/3", "0/4", "0/8", "0/9", "1/3", "1/4", "1/5", "2/3", "2/4", "2/5"];

  for (const maxRecordsPerFetch of [1, 2, 1000]) {
    it(`skipped, compacted and deleted offsets, with gaps at the very end of the range, finish (maxRecordsPerFetch ${maxRecordsPerFetch})`, async () => {
      const log = gappyLog();
      expect(await latestOffsets(log, "g")).toEqual([14, 6, 8, 5]);
      const runner = new LocalRunner({ parallelism: 2, checkpointAfterOutputs: 3 });
      const got = await runner.collect(new LogSource({ log, until: "latest", maxRecordsPerFetch, fetchWaitMs: 0 }), ["g"]);
      expect(byPosition(got).map(idOf)).toEqual(EXPECTED);
    }, 5_000);
  }

  it("a range ending in a gap finishes even when records are appended past the gap while it reads", async () => {
    const log = gappyLog();
    // Appended once the end offsets [14, 6, 8, 5] are fixed: right after each gap.
    const elements = startThen("g", () => {
      for (let partition = 0; partition < 4; partition++) log.append("g", { partition, value: "late" });
    });
    const got = await new LocalRunner({ parallelism: 1, checkpointAfterOutputs: 2 }).collect(new LogSource({ log, until: "latest", maxRecordsPerFetch: 1 }), elements);
    expect(await latestOffsets(log, "g")).toEqual([15, 7, 9, 6]);
    expect(byPosition(got).map(idOf)).toEqual(EXPECTED);
  }, 5_000);
});

describe("LogSource decoders", () => {
  it('decodeKey "string", decodeValue "json": null keys stay null', async () => {
    const log = newLog();
    log.createTopic("j", 2);
    log.append("j", [
      { partition: 0, key: "user-1", value: JSON.stringify({ clicks: 1 }) },
      { partition: 1, key: null, value: "[1,2,3]" },
      { partition: 1, key: "ü", value: "null" },
    ]);
    const sdf = new LogSource<string | null, unknown>({ log, until: "latest", decodeKey: "string", decodeValue: "json" });
    const got = byPosition(await new LocalRunner({ parallelism: 1 }).collect(sdf, ["j"]));
    expect(got.map((m) => [m.key, m.value])).toEqual([
      ["user-1", { clicks: 1 }],
      [null, [1, 2, 3]],
      ["ü", null],
    ]);
  });

  it("a custom decoder function receives the bytes (or null for a tombstone)", async () => {
    const log = newLog();
    log.createTopic("c", 1);
    log.append("c", [{ key: "a", value: "hello" }, { key: "a", value: null }]);
    const seen: (Buffer | null)[] = [];
    const sdf = new LogSource<number, string>({
      log,
      until: "latest",
      decodeKey: (bytes) => bytes?.length ?? -1,
      decodeValue: (bytes) => {
        seen.push(bytes);
        return bytes === null ? "tombstone" : bytes.toString("hex");
      },
    });
    const got = byPosition(await new LocalRunner({ parallelism: 1 }).collect(sdf, ["c"]));
    expect(got.map((m) => [m.key, m.value])).toEqual([
      [1, Buffer.from("hello").toString("hex")],
      [1, "tombstone"],
    ]);
    expect(seen.map((b) => (b === null ? null : Buffer.isBuffer(b)))).toEqual([true, null]);
  });

  it("bad JSON fails the run with a CorruptInputError naming memory://topic/partition offset N", async () => {
    const log = newLog();
    log.createTopic("bad", 2);
    for (let i = 0; i < 3; i++) log.append("bad", { partition: 1, value: JSON.stringify({ i }) });
    log.append("bad", { partition: 1, value: "{oops" });
    log.append("bad", { partition: 0, value: "{}" });
    const error = await rejection(new LocalRunner({ parallelism: 2 }).collect(new LogSource({ log, until: "latest", decodeValue: "json" }), ["bad"]));
    const chain = causeChain(error);
    expect(chain[0]).toBeInstanceOf(WorkItemFailedError);
    const corrupt = chain.find((e): e is CorruptInputError => e instanceof CorruptInputError);
    expect(corrupt, "a CorruptInputError in the cause chain").toBeDefined();
    expect(corrupt?.message).toContain("memory://bad/1 offset 3");
    expect(corrupt?.message).toMatch(/value/);
    expect(corrupt?.retriable).toBe(false);
    expect(corrupt?.context.input).toBe("memory://bad/1 offset 3");
  });
});

describe("LogSource errors", () => {
  it.each([
    ["bounded", { until: "latest" as const }],
    ["unbounded", {}],
  ])("an unknown topic fails the %s run with an InputNotFoundError naming it", async (_kind, options) => {
    const log = newLog();
    log.createTopic("known", 1);
    const error = await rejection(new LocalRunner({ parallelism: 1 }).collect(new LogSource({ log, ...options }), ["missing-topic"]));
    const chain = causeChain(error);
    expect(chain[0]).toBeInstanceOf(WorkItemFailedError);
    expect((chain[0] as Error).message).toContain("missing-topic");
    const notFound = chain.find((e): e is InputNotFoundError => e instanceof InputNotFoundError);
    expect(notFound, "an InputNotFoundError in the cause chain").toBeDefined();
    expect(notFound?.message).toContain('"missing-topic"');
    expect(notFound?.context.input).toBe("memory://missing-topic");
  });

  const invalid: [string, Record<string, unknown>][] = [
    ["from", { from: "middle" }],
    ["from", { from: { timestamp: Number.NaN } }],
    ["until", { until: "earliest" }],
    ["until", { until: { timestamp: 1.5 } }],
    ["maxRecordsPerFetch", { maxRecordsPerFetch: 0 }],
    ["maxRecordsPerFetch", { maxRecordsPerFetch: 2.5 }],
    ["pollIntervalMs", { pollIntervalMs: -1 }],
    ["fetchWaitMs", { fetchWaitMs: Number.POSITIVE_INFINITY }],
    ["idleWatermarkLagMs", { idleWatermarkLagMs: -5 }],
    ["discoveryIntervalMs", { discoveryIntervalMs: Number.NaN }],
    ["commitOffsets.groupId", { commitOffsets: { groupId: "" } }],
    ["commitOffsets.groupId", { commitOffsets: {} }],
    ["timestamps", { timestamps: "log-append" }],
  ];
  it.each(invalid)("invalid option %s → InvalidOptionError naming it (%o)", (name, options) => {
    const log = newLog();
    const make = (): unknown => new LogSource({ log, ...options } as unknown as LogSourceOptions);
    expect(make).toThrow(InvalidOptionError);
    expect(make).toThrow(`\`${name}\``);
  });

  it("no log → InvalidOptionError naming `log`", () => {
    expect(() => new LogSource({} as LogSourceOptions)).toThrow(InvalidOptionError);
    expect(() => new LogSource({} as LogSourceOptions)).toThrow("`log`");
  });
});

/** Every commit of a group, checked against what the consumer had received when it happened. */
class CommitWatcher {
  /** Ids (`partition/offset`) the consumer has received. */
  readonly received = new Set<string>();
  /** Commits that covered a record not yet received. */
  readonly violations: string[] = [];
  /** Ids of the records stored: offsets in gaps need not be received. */
  readonly #stored: Set<string>;
  /** Commits of the history already checked. */
  #seen = 0;

  constructor(
    private readonly log: MemoryLog,
    private readonly groupId: string,
    stored: readonly LogMessage[],
  ) {
    this.#stored = new Set(stored.map(idOf));
  }

  /** How many commits (of any group) were checked. */
  get commits(): number {
    return this.#seen;
  }

  /**
   * Call before recording each new record (and once at the end): every commit since the last
   * call must cover only records already received. Commits happen while the consumer waits for
   * its next record or sits in its loop body, so `received` is exactly what it had by then.
   */
  check(): void {
    const history = this.log.commitHistory;
    for (; this.#seen < history.length; this.#seen++) {
      const commit = history[this.#seen]!;
      if (commit.groupId !== this.groupId) continue;
      for (const { partition, offset } of commit.offsets) {
        for (let o = 0; o < offset; o++) {
          const id = `${partition}/${o}`;
          if (this.#stored.has(id) && !this.received.has(id)) {
            this.violations.push(`commit #${this.#seen} of ${partition}@${offset} before ${id} was received`);
            break;
          }
        }
      }
    }
  }
}

/** Consumes a run slowly, checking every commit against what was received before it. */
async function consumeWatchingCommits(runner: LocalRunner, sdf: LogSource, elements: Iterable<string>, watcher: CommitWatcher): Promise<LogMessage[]> {
  const got: LogMessage[] = [];
  for await (const m of runner.run(sdf, elements)) {
    watcher.check();
    watcher.received.add(idOf(m));
    got.push(m);
    // A slow consumer: give a premature commit every chance to happen first.
    await nextTurn();
    await nextTurn();
  }
  watcher.check();
  return got;
}

describe("LogSource commitOffsets", () => {
  async function commitLog(): Promise<{ log: MemoryLog; expected: LogMessage[] }> {
    const log = newLog();
    log.createTopic("c", 3);
    fill(log, "c", [300, 200, 250]);
    log.skipOffsets("c", 1, 3); // the last offsets of partition 1 are a gap: the final commit skips it
    return { log, expected: await stored(log, "c") };
  }

  it.each([
    ["no checkpointDir", false],
    ["a checkpointDir", true],
  ])("with %s, each commit follows the delivery of every record below it; the final commits are the latest offsets", async (_kind, durable) => {
    const { log, expected } = await commitLog();
    const watcher = new CommitWatcher(log, "g1", expected);
    const options: LocalRunnerOptions = { parallelism: 3, dynamicSplitting: false, checkpointAfterOutputs: 20, outputBufferSize: 16 };
    if (durable) options.checkpointDir = newDir();
    const sdf = new LogSource({ log, until: "latest", commitOffsets: { groupId: "g1" }, maxRecordsPerFetch: 7 });
    const got = await consumeWatchingCommits(new LocalRunner(options), sdf, ["c"], watcher);

    expect(byPosition(got)).toEqual(expected);
    // Check: commits happened along the way, not only at the end, and none was premature.
    expect(watcher.commits).toBeGreaterThan(3);
    expect(watcher.violations).toEqual([]);
    // Check: every commit is for this group and topic, and the last ones are the latest offsets.
    expect(log.commitHistory.every((c) => c.groupId === "g1" && c.offsets.every((o) => o.topic === "c"))).toBe(true);
    expect([0, 1, 2].map((p) => log.committed("g1", "c", p))).toEqual([300, 203, 250]);
    if (options.checkpointDir !== undefined) expect(filesUnder(options.checkpointDir)).toEqual([]);
  });

  it("commits are per group: another group's offsets are untouched; no commitOffsets, no commit", async () => {
    const { log } = await commitLog();
    await new LocalRunner({ parallelism: 2 }).collect(new LogSource({ log, until: "latest" }), ["c"]);
    expect(log.commitCount).toBe(0);
    await new LocalRunner({ parallelism: 2, dynamicSplitting: false }).collect(new LogSource({ log, until: "latest", commitOffsets: { groupId: "g2" } }), ["c"]);
    expect([0, 1, 2].map((p) => log.committed("g2", "c", p))).toEqual([300, 203, 250]);
    expect(log.committed("g1", "c", 0)).toBeUndefined();
  });

  // A partition is never divided between workers (LogTracker refuses offset splits), so each
  // partition's commits come from one reader at a time and never run ahead of delivery.
  it("with dynamic splitting on and an idle worker, no commit covers records not yet delivered", async () => {
    const log = newLog();
    log.createTopic("solo", 1);
    fill(log, "solo", [2_000]);
    const expected = await stored(log, "solo");
    const watcher = new CommitWatcher(log, "g", expected);
    const runner = new LocalRunner({ parallelism: 2, checkpointAfterOutputs: 10, outputBufferSize: 16 });
    const sdf = new LogSource({ log, until: "latest", commitOffsets: { groupId: "g" }, maxRecordsPerFetch: 20 });
    await consumeWatchingCommits(runner, sdf, ["solo"], watcher);
    expect(watcher.violations).toEqual([]);
    expect(log.committed("g", "solo", 0)).toBe(2_000);
  });
});

describe("LogSource durable resume (checkpointDir)", () => {
  /**
   * Consumes until `abortAfter` records arrived, then aborts; returns everything the consumer got
   * (records already buffered are still handed out after the abort) and checks the run rejected
   * with the abort reason.
   */
  async function runAndAbort(options: LocalRunnerOptions, sdf: LogSource, topic: string, abortAfter: number): Promise<LogMessage[]> {
    const controller = new AbortController();
    const reason = new Error("simulated crash");
    const got: LogMessage[] = [];
    let error: unknown;
    try {
      for await (const m of new LocalRunner({ ...options, signal: controller.signal }).run(sdf, [topic])) {
        got.push(m);
        if (got.length === abortAfter) controller.abort(reason);
        await nextTurn();
      }
    } catch (e) {
      error = e;
    }
    expect(error).toBe(reason);
    return got;
  }

  it("a second runner on the same checkpointDir reads the rest: at-least-once across the resume, exactly once within it, not from scratch", async () => {
    const log = newLog();
    log.createTopic("d", 3);
    fill(log, "d", [400, 500, 600]);
    const expected = await stored(log, "d");
    const dir = newDir();
    const options: LocalRunnerOptions = { parallelism: 3, checkpointDir: dir, checkpointAfterOutputs: 15, outputBufferSize: 8 };

    const first = await runAndAbort(options, new LogSource({ log, until: "latest", maxRecordsPerFetch: 10 }), "d", 600);
    expect(filesUnder(dir).length).toBeGreaterThan(0);
    // Appended between the runs: the resumed read keeps the end offsets the first run fixed.
    fill(log, "d", [3, 3, 3], 50_000);
    const second = await new LocalRunner(options).collect(new LogSource({ log, until: "latest", maxRecordsPerFetch: 10 }), ["d"]);

    // Check: within each run, every record at most once.
    expect(new Set(first.map(idOf)).size).toBe(first.length);
    expect(new Set(second.map(idOf)).size).toBe(second.length);
    // Check: together, every stored record and nothing appended between the runs.
    const union = new Map([...first, ...second].map((m) => [idOf(m), m]));
    expect(byPosition([...union.values()])).toEqual(expected);
    // Check: the second run resumed from the checkpoint instead of starting over.
    expect(second.length).toBeLessThan(expected.length);
    expect(second.length).toBeGreaterThanOrEqual(expected.length - first.length);
    // Check: a clean finish removes the checkpoint.
    expect(filesUnder(dir)).toEqual([]);
  });

  it("committed offsets agree with the checkpoint: the resumed run reads nothing below what the first run committed", async () => {
    const log = newLog();
    log.createTopic("d", 3);
    fill(log, "d", [300, 300, 300]);
    const expected = await stored(log, "d");
    const dir = newDir();
    const options: LocalRunnerOptions = { parallelism: 3, dynamicSplitting: false, checkpointDir: dir, checkpointAfterOutputs: 10, outputBufferSize: 8 };
    const sdf = (): LogSource => new LogSource({ log, until: "latest", commitOffsets: { groupId: "g" }, maxRecordsPerFetch: 10 });

    const first = await runAndAbort(options, sdf(), "d", 450);
    const committedAfterFirst = [0, 1, 2].map((p) => log.committed("g", "d", p) ?? 0);
    expect(committedAfterFirst.some((offset) => offset > 0)).toBe(true);
    const firstIds = new Set(first.map(idOf));
    for (const [p, offset] of committedAfterFirst.entries()) {
      // Check: the first run only committed what its consumer had received.
      for (let o = 0; o < offset; o++) expect(firstIds.has(`${p}/${o}`), `${p}/${o} received before commit ${offset}`).toBe(true);
    }

    const second = await new LocalRunner(options).collect(sdf(), ["d"]);
    for (const m of second) expect(m.offset, `${idOf(m)} re-read below the committed ${committedAfterFirst[m.partition]}`).toBeGreaterThanOrEqual(committedAfterFirst[m.partition]!);
    const union = new Map([...first, ...second].map((m) => [idOf(m), m]));
    expect(byPosition([...union.values()])).toEqual(expected);
    expect([0, 1, 2].map((p) => log.committed("g", "d", p))).toEqual([300, 300, 300]);
  });
});

describe("LogSource lineage and backlog in RunProgress", () => {
  it("sources name memory://topic; the backlog counts the offsets left while the read runs, and is 0 at the end", async () => {
    const log = newLog();
    log.createTopic("orders", 3);
    fill(log, "orders", [400, 500, 600]);
    const progress = new ProgressLog();
    const runner = new LocalRunner({ parallelism: 2, outputBufferSize: 8, checkpointAfterOutputs: 50, onProgress: progress.onProgress });
    const iterator = runner.run(new LogSource({ log, until: "latest" }), ["orders"])[Symbol.asyncIterator]();
    const got: LogMessage[] = [];
    const first = await iterator.next();
    if (!first.done) got.push(first.value);
    // The consumer pauses: backpressure holds the workers until the progress ticker reports.
    await vi.waitFor(() => expect(progress.snapshots.length).toBeGreaterThan(0), { timeout: 5_000, interval: 20 });
    const mid = progress.snapshots[0]!;
    expect(mid.sources).toEqual(["memory://orders"]);
    expect(mid.backlog).toBeGreaterThan(0);
    // Check: the backlog is in offsets. Every claimed offset has been output, and as in Beam's
    // OffsetRangeTracker a running piece still counts its last claimed offset as remaining: so
    // with no gaps, backlog = offsets not yet output + at most one per worker.
    expect(mid.backlog - (1_500 - mid.records)).toBeGreaterThanOrEqual(0);
    expect(mid.backlog - (1_500 - mid.records)).toBeLessThanOrEqual(2);
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) got.push(next.value);
    expect(got).toHaveLength(1_500);
    const last = progress.last();
    expect(last.sources).toEqual(["memory://orders"]);
    expect(last.backlog).toBe(0);
    expect(last.records).toBe(1_500);
    expect(last.workItemsPending).toBe(0);
  });

  it("lineage uses the log's scheme for each topic read", async () => {
    const log = newLog();
    log.createTopic("a", 1);
    log.createTopic("b.c", 1);
    const progress = new ProgressLog();
    await new LocalRunner({ parallelism: 1, onProgress: progress.onProgress }).collect(new LogSource({ log, until: "latest" }), ["a", "b.c"]);
    expect(progress.last().sources.sort()).toEqual(["memory://a", "memory://b.c"]);
    expect(new LogSource({ log }).lineage("x")).toBe("memory://x");
  });
});
