// LogSource without `until`: tailing a MemoryLog under a LocalRunner (appends arrive, drain or
// abort ends the run, new partitions are discovered, offsets are committed as records are
// delivered), and its watermarks, driven through invokeProcessElement with an injected clock.
// Bounded reads are in LogSource.test.ts.
import { describe, expect, it, vi } from "vitest";
import type { LogMessage } from "../../../connectors/log/LogMessage.js";
import type { LogRestriction } from "../../../connectors/log/LogRestriction.js";
import { LogSource } from "../../../connectors/log/LogSource.js";
import { MemoryLog } from "../../../connectors/log/memory/MemoryLog.js";
import { LocalRunner, MAX_TIMESTAMP, MIN_TIMESTAMP, invokeProcessElement } from "../../../src/index.js";
import { ProgressLog } from "../../runner/fixtures/helpers.js";

const BASE = 1_700_000_000_000;
/** Small delays keep a tailing read responsive without busy-looping. */
const TAIL = { pollIntervalMs: 5, fetchWaitMs: 10 } as const;

function newLog(): MemoryLog {
  return new MemoryLog({ now: () => BASE });
}

const idOf = (m: { partition: number; offset: number }): string => `${m.partition}/${m.offset}`;

/** Ids of messages (or ids themselves) in partition, then offset order. */
function sortedIds(items: readonly ({ partition: number; offset: number } | string)[]): string[] {
  const positions = items.map((item) => {
    if (typeof item !== "string") return item;
    const [partition, offset] = item.split("/").map(Number);
    return { partition: partition!, offset: offset! };
  });
  return positions.sort((a, b) => a.partition - b.partition || a.offset - b.offset).map(idOf);
}

/** Appends `count` records with values `<tag>-<i>` to a partition; returns their ids. */
function appendTo(log: MemoryLog, topic: string, partition: number, count: number, tag: string, timestamp = (i: number) => BASE + i): string[] {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(idOf(log.append(topic, { partition, value: `${tag}-${i}`, timestamp: timestamp(i) })));
  return ids;
}

/** Yields `topic`; once the runner has expanded it (initialRestriction done), runs `afterStart`. */
async function* startThen(topic: string, afterStart: () => void): AsyncGenerator<string> {
  yield topic;
  afterStart();
}

/**
 * Reads until `done(received)` holds, calling `onRecord` after each record, then drains the
 * runner and reads to the end; returns everything received.
 */
async function tailUntil(
  runner: LocalRunner,
  sdf: LogSource,
  elements: Iterable<string> | AsyncIterable<string>,
  done: (received: readonly LogMessage[]) => boolean,
  onRecord: (received: readonly LogMessage[]) => void = () => undefined,
): Promise<LogMessage[]> {
  const received: LogMessage[] = [];
  let drained = false;
  for await (const m of runner.run(sdf, elements)) {
    received.push(m);
    onRecord(received);
    if (!drained && done(received)) {
      drained = true;
      runner.drain();
    }
  }
  expect(drained, "the run ended by itself before it was drained").toBe(true);
  return received;
}

describe("LogSource unbounded reads under LocalRunner", () => {
  it("records appended while it runs arrive; drain() ends the run normally", async () => {
    const log = newLog();
    log.createTopic("t", 2);
    const expected = [...appendTo(log, "t", 0, 5, "a"), ...appendTo(log, "t", 1, 5, "b")];
    let appended = false;
    const received = await tailUntil(
      new LocalRunner({ parallelism: 2 }),
      new LogSource({ log, ...TAIL }),
      ["t"],
      (got) => got.length === 30,
      (got) => {
        // Once the first records are in, the producer adds more while the read tails the log.
        if (got.length === 10 && !appended) {
          appended = true;
          expected.push(...appendTo(log, "t", 0, 12, "c"), ...appendTo(log, "t", 1, 8, "d"));
        }
      },
    );
    expect(received).toHaveLength(30);
    expect(sortedIds(received)).toEqual(sortedIds(expected));
    expect(received.find((m) => m.partition === 0 && m.offset === 6)?.value?.toString()).toBe("c-1");
  }, 5_000);

  it("an AbortSignal ends an unbounded run: the iterator rejects with the signal's reason", async () => {
    const log = newLog();
    log.createTopic("t", 3);
    for (let p = 0; p < 3; p++) appendTo(log, "t", p, 4, `p${p}`);
    const controller = new AbortController();
    const reason = new Error("operator stop");
    const received: LogMessage[] = [];
    let error: unknown;
    try {
      for await (const m of new LocalRunner({ parallelism: 2, signal: controller.signal }).run(new LogSource({ log, ...TAIL }), ["t"])) {
        received.push(m);
        if (received.length === 12) controller.abort(reason);
      }
    } catch (e) {
      error = e;
    }
    expect(error).toBe(reason);
    expect(new Set(received.map(idOf)).size).toBe(12);
  }, 5_000);

  it('from: "latest" reads only records appended after the read started', async () => {
    const log = newLog();
    log.createTopic("t", 3);
    for (let p = 0; p < 3; p++) appendTo(log, "t", p, 10, `old${p}`);
    const fresh: string[] = [];
    const elements = startThen("t", () => {
      for (let p = 0; p < 3; p++) fresh.push(...appendTo(log, "t", p, 3, `new${p}`));
    });
    const received = await tailUntil(new LocalRunner({ parallelism: 4 }), new LogSource({ log, from: "latest", ...TAIL }), elements, (got) => got.length === 9);
    expect(sortedIds(received)).toEqual(sortedIds(fresh));
    expect(received.every((m) => m.offset >= 10 && m.value?.toString().startsWith("new"))).toBe(true);
  }, 5_000);

  it("partitions added with addPartitions while it runs are discovered and read from their earliest offset", async () => {
    const log = newLog();
    log.createTopic("t", 2);
    const expected = [...appendTo(log, "t", 0, 3, "a"), ...appendTo(log, "t", 1, 3, "b")];
    let grown = false;
    const received = await tailUntil(
      new LocalRunner({ parallelism: 2 }),
      new LogSource({ log, discoveryIntervalMs: 20, ...TAIL }),
      ["t"],
      (got) => got.length === expected.length && grown,
      (got) => {
        if (got.length === 6 && !grown) {
          grown = true;
          expect(log.addPartitions("t", 2)).toBe(4);
          expected.push(...appendTo(log, "t", 2, 4, "c"), ...appendTo(log, "t", 3, 2, "d"), ...appendTo(log, "t", 0, 1, "e"));
        }
      },
    );
    expect(sortedIds(received)).toEqual(sortedIds(expected));
  }, 5_000);

  it('discovered partitions start at their earliest offset even with from: "latest", and at from.timestamp when given', async () => {
    for (const [from, expectedNew] of [
      ["latest", ["2/0", "2/1", "2/2"]],
      [{ timestamp: BASE + 250 }, ["2/1", "2/2"]],
    ] as const) {
      const log = newLog();
      log.createTopic("t", 2);
      appendTo(log, "t", 0, 2, "old");
      const elements = startThen("t", () => {
        // Stored in the new partition before the read can discover it: times 100, 300, 200.
        log.addPartitions("t", 1);
        appendTo(log, "t", 2, 3, "new", (i) => BASE + [100, 300, 200][i]!);
      });
      const received = await tailUntil(
        new LocalRunner({ parallelism: 2 }),
        new LogSource({ log, from, discoveryIntervalMs: 20, ...TAIL }),
        elements,
        (got) => got.length === expectedNew.length,
      );
      // Check: nothing of the old partitions (they start at latest, or at the time), all of the new one from its start.
      expect(sortedIds(received), JSON.stringify(from)).toEqual(expectedNew);
    }
  }, 5_000);

  it("commitOffsets while tailing: each commit covers only delivered records; after drain the commits are the latest offsets", async () => {
    const log = newLog();
    log.createTopic("t", 2);
    appendTo(log, "t", 0, 50, "a");
    appendTo(log, "t", 1, 30, "b");
    const received = new Set<string>();
    const violations: string[] = [];
    let checked = 0;
    const checkCommits = (): void => {
      const history = log.commitHistory;
      for (; checked < history.length; checked++) {
        for (const { partition, offset } of history[checked]!.offsets) {
          for (let o = 0; o < offset; o++) if (!received.has(`${partition}/${o}`)) violations.push(`${partition}@${offset} before ${partition}/${o}`);
        }
      }
    };
    let appended = false;
    const runner = new LocalRunner({ parallelism: 2, checkpointAfterOutputs: 7, outputBufferSize: 4 });
    const sdf = new LogSource({ log, commitOffsets: { groupId: "tail" }, maxRecordsPerFetch: 5, ...TAIL });
    for await (const m of runner.run(sdf, ["t"])) {
      checkCommits();
      received.add(idOf(m));
      if (received.size === 80 && !appended) {
        appended = true;
        appendTo(log, "t", 1, 20, "c");
      }
      if (received.size === 100) runner.drain();
      await new Promise((resolve) => setImmediate(resolve));
    }
    checkCommits();
    expect(received.size).toBe(100);
    expect(checked).toBeGreaterThan(4);
    expect(violations).toEqual([]);
    expect([log.committed("tail", "t", 0), log.committed("tail", "t", 1)]).toEqual([50, 50]);
  }, 5_000);

  it("RunProgress: a caught-up run's watermark is the clock minus idleWatermarkLagMs (old records do not hold it back); a drained run ends at MAX_TIMESTAMP", async () => {
    const NOW = BASE + 3_600_000;
    const log = newLog();
    log.createTopic("t", 2);
    appendTo(log, "t", 0, 3, "a");
    appendTo(log, "t", 1, 3, "b", (i) => BASE + 1_000 + i);
    const progress = new ProgressLog();
    const runner = new LocalRunner({ parallelism: 2, onProgress: progress.onProgress });
    const sdf = new LogSource({ log, now: () => NOW, idleWatermarkLagMs: 60_000, ...TAIL });
    const received: LogMessage[] = [];
    for await (const m of runner.run(sdf, ["t"])) {
      received.push(m);
      if (received.length === 6) {
        // The progress ticker reports about once a second.
        await vi.waitFor(() => expect(progress.last().watermark).toBe(NOW - 60_000), { timeout: 4_000, interval: 25 });
        runner.drain();
      }
    }
    const marks = progress.snapshots.map((p) => p.watermark);
    for (let i = 1; i < marks.length; i++) expect(marks[i]).toBeGreaterThanOrEqual(marks[i - 1]!);
    expect(marks.slice(0, -1).every((w) => w <= NOW - 60_000)).toBe(true);
    expect(progress.last().watermark).toBe(MAX_TIMESTAMP);
    expect(progress.last().sources).toEqual(["memory://t"]);
  }, 8_000);
});

describe("LogSource watermarks (invokeProcessElement, injected clock)", () => {
  /** Runs one processElement call over `restriction`; returns its result and outputs. */
  async function invoke(sdf: LogSource, restriction: LogRestriction, state: number) {
    const outputs: { message: LogMessage; timestamp: number | undefined }[] = [];
    const result = await invokeProcessElement(sdf, "t", restriction, state, { emit: (message, timestamp) => void outputs.push({ message, timestamp }) });
    return { ...result, outputs };
  }

  it("per partition the highest record time, the minimum over partitions; an idle caught-up partition follows now - idleWatermarkLagMs; never backwards", async () => {
    const log = newLog();
    log.createTopic("t", 2);
    appendTo(log, "t", 0, 3, "a", (i) => [1_000, 1_005, 1_003][i]!);
    appendTo(log, "t", 1, 2, "b", (i) => [2_000, 2_010][i]!);
    let clock = 3_000;
    const sdf = new LogSource({ log, now: () => clock, idleWatermarkLagMs: 2_000, fetchWaitMs: 0, pollIntervalMs: 0 });
    const initial = await sdf.initialRestriction("t");
    expect(sdf.initialWatermarkState()).toBe(MIN_TIMESTAMP);

    // Clock 3,000: the idle floor (1,000) is below every record time.
    const a = await invoke(sdf, initial, MIN_TIMESTAMP);
    expect(a.outputs.map((o) => o.timestamp)).toEqual(a.outputs.map((o) => o.message.timestamp));
    expect(a.outputs.map((o) => o.timestamp).sort()).toEqual([1_000, 1_003, 1_005, 2_000, 2_010]);
    expect(a.continuation.shouldResume).toBe(true);
    expect(a.residual?.toString()).toBe("p0[3, Infinity) p1[2, Infinity) discover>=2");
    // Check: min(highest of p0 = 1,005 (not the last, 1,003), highest of p1 = 2,010).
    expect(a.watermark).toBe(1_005);

    // Clock 7,000 (floor 5,000): p0 stays idle, p1 gets records at 8,000.
    appendTo(log, "t", 1, 2, "c", (i) => 8_000 + i);
    clock = 7_000;
    const b = await invoke(sdf, a.residual!, a.estimatorState);
    expect(b.outputs.map((o) => o.message.offset)).toEqual([2, 3]);
    // Check: the idle p0 no longer holds the watermark at 1,005: min(max(1,005, 5,000), 8,001).
    expect(b.watermark).toBe(5_000);

    // Clock 20,000: both idle, the watermark follows the clock past the last record time.
    clock = 20_000;
    const c = await invoke(sdf, b.residual!, b.estimatorState);
    expect(c.outputs).toEqual([]);
    expect(c.watermark).toBe(18_000);

    // A clock that goes back does not move the watermark back.
    clock = 10_000;
    const d = await invoke(sdf, c.residual!, c.estimatorState);
    expect(d.watermark).toBe(18_000);
  });

  it('timestamps: "processing" gives outputs the clock as event time, keeps the record time in the message, and sets the watermark to now - idleWatermarkLagMs', async () => {
    const log = newLog();
    log.createTopic("t", 2);
    appendTo(log, "t", 0, 2, "a", (i) => 5 + i);
    appendTo(log, "t", 1, 2, "b", (i) => 90_000 + i);
    const sdf = new LogSource({ log, now: () => 50_000, timestamps: "processing", idleWatermarkLagMs: 1_500, fetchWaitMs: 0, pollIntervalMs: 0 });
    const result = await invoke(sdf, await sdf.initialRestriction("t"), MIN_TIMESTAMP);
    expect(result.outputs).toHaveLength(4);
    // Check: the output's event time is processing time; the message keeps the record's time.
    expect(result.outputs.every((o) => o.timestamp === 50_000)).toBe(true);
    expect(result.outputs.map((o) => o.message.timestamp).sort((a, b) => a - b)).toEqual([5, 6, 90_000, 90_001]);
    expect(result.watermark).toBe(48_500);
  });

  it("a bounded read's watermark also follows record times while it reads", async () => {
    const log = newLog();
    log.createTopic("t", 1);
    appendTo(log, "t", 0, 40, "a", (i) => 1_000 + 10 * i);
    const sdf = new LogSource({ log, until: "latest", now: () => 0, maxRecordsPerFetch: 10, fetchWaitMs: 0 });
    const [piece] = sdf.splitRestriction("t", await sdf.initialRestriction("t"));
    // A checkpoint after 15 outputs: the residual carries the watermark of the first fetch.
    const outputs: number[] = [];
    const result = await invokeProcessElement(sdf, "t", piece!, MIN_TIMESTAMP, { emit: (m) => void outputs.push(m.offset), maxOutputs: 15 });
    expect(outputs).toEqual(Array.from({ length: 15 }, (_, i) => i));
    expect(result.residual?.toString()).toBe("p0[15, 40)");
    expect(result.watermark).toBe(1_090);
  });
});
