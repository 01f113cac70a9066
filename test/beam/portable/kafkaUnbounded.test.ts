// An unbounded KafkaSource (real broker) on each portable engine with Beam's SDF steps: the read checkpoints
// itself back to Prism whenever it has caught up (resume() with a delay), each residual carrying
// its watermark hold; the watermark reaches event-time windows downstream while the read runs
// (every window fires, complete, before the drain), and consumer-group offsets are committed in
// bundle finalization, i.e. only after the runner committed the bundle (Flink, which finalizes
// only after a Flink checkpoint, commits none here). A drain (sdfRead's `drain` signal, as a
// runner's drain would) ends the job.
import "apache-beam";
import { create } from "apache-beam/transforms/create";
import { countPerElement } from "apache-beam/transforms/group_and_combine";
import { windowParam } from "apache-beam/transforms/pardo";
import { withName } from "apache-beam/transforms/transform";
import { windowInto } from "apache-beam/transforms/window";
import { fixedWindows } from "apache-beam/transforms/windowings";
import type { IntervalWindow } from "apache-beam/values";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KafkaSource } from "../../../connectors/kafka/index.js";
import type { LogMessage } from "../../../connectors/log/index.js";
import { sdfRead, sdfWorkerStats } from "../../../beam/index.js";
import { brokers, eventually, KafkaFixture, uniqueTopic } from "../../integration/kafka/kafkaFixtures.js";
import { ENGINES, recordTo, resetSinks } from "./portableHelpers.js";

const fixture = new KafkaFixture();
beforeAll(() => fixture.start(), 120_000);
afterAll(() => fixture.close());

const WINDOW_MS = 10_000;

/** `partition:offset` of a message (runs in the LOOPBACK worker). */
function position(message: LogMessage<string | null, string | null>): string {
  return `${message.partition}:${message.offset}`;
}

/** A window's start and count (runs in the LOOPBACK worker). */
function windowCount(counted: { element: string; count: number }, context: { window: { lookup(): IntervalWindow } }): { window: number; count: number } {
  return { window: context.window.lookup().start.toNumber(), count: counted.count };
}

describe.each(ENGINES)("KafkaSource (unbounded) on $name with Beam's SDF steps", (engine) => {
  it("reads every record once across self-checkpoints, moves the watermark downstream, commits offsets only after finalization", async () => {
    const topic = await fixture.createTopic(uniqueTopic("portable"), 3);
    const groupId = `sdfkit-portable-${topic}`;
    const count = 3000;
    // Event times 10 minutes ago, 100 ms apart: 30 windows of 10 s, 100 records each.
    const t0 = Math.floor((Date.now() - 600_000) / WINDOW_MS) * WINDOW_MS;
    await fixture.produce(topic, Array.from({ length: count }, (_, i) => ({ key: `k${i % 11}`, value: `v${i}`, timestamp: String(t0 + i * 100) })));
    const latest = new Map((await fixture.admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));

    const sinks = resetSinks();
    // The last watermark an earlier job reported is not this job's: sample only this job's reports.
    sdfWorkerStats.lastOutputWatermark = Number.NaN;
    const before = { ...sdfWorkerStats };
    const drain = new AbortController();
    const source = new KafkaSource<string | null, string | null>({
      brokers: brokers(), commitOffsets: { groupId }, decodeKey: "string", decodeValue: "string", pollIntervalMs: 100, idleWatermarkLagMs: 500,
    });
    const job = engine.runner({ unbounded: true }).run((root) => {
      const messages = root.apply(create([topic])).apply(sdfRead(source, { drain: drain.signal, checkpointAfterMs: 500 }));
      messages.map(withName("position", position)).map(withName("recordPosition", recordTo), { sink: "positions" });
      messages
        .map(withName("one", () => "all"))
        .apply(windowInto(fixedWindows(WINDOW_MS / 1000)))
        .apply(countPerElement())
        .map(withName("windowCount", windowCount), { window: windowParam() as unknown as { lookup(): IntervalWindow } })
        .map(withName("recordWindow", recordTo), { sink: "windows" });
    });

    // While the job runs: a group's committed offset is never ahead of what reached the pipeline's end.
    const watermarks: number[] = [];
    let commitsAhead = 0;
    let commitsSeen = 0;
    try {
      await eventually(async () => {
        const [committed] = await fixture.admin.fetchOffsets({ groupId, topics: [topic] });
        const reached = new Map<number, number>();
        for (const { value } of sinks["positions"] ?? []) {
          const [partition, offset] = String(value).split(":").map(Number);
          reached.set(partition!, Math.max(reached.get(partition!) ?? -1, offset!));
        }
        for (const { partition, offset } of committed?.partitions ?? []) {
          if (Number(offset) < 0) continue;
          commitsSeen++;
          if (Number(offset) > (reached.get(partition) ?? -1) + 1) commitsAhead++;
        }
        const windowsSoFar = (sinks["windows"] ?? []).length;
        watermarks.push(sdfWorkerStats.lastOutputWatermark);
        return new Set((sinks["positions"] ?? []).map((p) => p.value)).size >= count && windowsSoFar >= 1 && sdfWorkerStats.lastOutputWatermark > t0 + count * 100 && sdfWorkerStats.selfCheckpoints - before.selfCheckpoints >= 10;
      }, 90_000, "every record, 10 self-checkpoints, a watermark hold past their event times and a first window downstream");
      // Every window fires while the read still runs: the watermark reached them downstream.
      await eventually(async () => (sinks["windows"] ?? []).length >= count / 100, 30_000, "every window downstream");
    } catch (error) {
      // Stop the job before failing, so that it does not run on into the next test.
      drain.abort();
      await job.catch(() => undefined);
      console.log(`[portable] ${engine.name} unbounded Kafka stalled: ${JSON.stringify({ positions: (sinks["positions"] ?? []).length, windows: (sinks["windows"] ?? []).length, ...sdfWorkerStats })}`);
      throw error;
    }
    const drainedAt = Date.now();
    const windowsBeforeDrain = (sinks["windows"] ?? []).filter((w) => w.at < drainedAt).length;
    const reported = watermarks.filter((w) => !Number.isNaN(w));
    drain.abort();
    await job;
    await source.close();

    const positions = (sinks["positions"] ?? []).map((p) => String(p.value));
    const duplicates = positions.length - new Set(positions).size;
    const windows = (sinks["windows"] ?? []).map((w) => w.value as { window: number; count: number });
    const [committed] = await fixture.admin.fetchOffsets({ groupId, topics: [topic] });
    const selfCheckpoints = sdfWorkerStats.selfCheckpoints - before.selfCheckpoints;
    const finalizations = sdfWorkerStats.finalizations - before.finalizations;
    console.log(
      `[portable] ${engine.name} unbounded Kafka: ${positions.length} outputs for ${count} records (duplicates ${duplicates}), self-checkpoints ${selfCheckpoints}, ` +
        `finalizations ${finalizations}, output watermark reported ${new Date(reported[0] ?? 0).toISOString()} → ${new Date(reported.at(-1) ?? 0).toISOString()}, ` +
        `${windowsBeforeDrain} of ${windows.length} window results before the drain, commits sampled ${commitsSeen} (ahead of output: ${commitsAhead})`,
    );
    expect(positions).toHaveLength(count);
    expect(duplicates).toBe(0);
    expect(selfCheckpoints).toBeGreaterThanOrEqual(10);
    // Every window fired, complete, while the read was still running: the watermark moved
    // downstream, and never ahead of records read but not yet committed.
    expect(windowsBeforeDrain).toBe(count / 100);
    expect(windows).toHaveLength(count / 100);
    expect(windows.every((w) => w.count === 100)).toBe(true);
    // The hold the residuals carry back to Prism moves forward while the read runs.
    expect(reported.length).toBeGreaterThan(0);
    expect(reported.at(-1)!).toBeGreaterThan(t0 + count * 100);
    for (let i = 1; i < reported.length; i++) expect(reported[i]!).toBeGreaterThanOrEqual(reported[i - 1]!);
    expect(windows.reduce((sum, w) => sum + w.count, 0)).toBe(count);
    expect(commitsAhead).toBe(0);
    const committedOffsets = new Map(committed!.partitions.map((p) => [p.partition, Number(p.offset)]));
    if (engine.finalizesUnbounded) {
      expect(finalizations).toBeGreaterThan(0);
      expect(committedOffsets).toEqual(latest);
    } else {
      // No FinalizeBundleRequest, so no commit: offsets are never committed without the runner's say-so.
      expect(finalizations).toBe(0);
      expect([...committedOffsets.values()].every((offset) => offset < 0)).toBe(true);
    }
  }, 180_000);
});
