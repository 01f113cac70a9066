// Shared by the Kafka exactly-once fault tests: an input topic of numbered records, the
// transform every pipeline applies, and a read_committed check of the output topic.
import { LocalRunner } from "../../../src/runner/LocalRunner.js";
import { KafkaSource } from "../../../connectors/kafka/KafkaSource.js";
import type { LogMessage } from "../../../connectors/log/LogMessage.js";
import type { SinkRecord } from "../../../connectors/kafka/KafkaSink.js";
import { brokers, KafkaFixture, uniqueTopic } from "../../integration/kafka/kafkaFixtures.js";

/** What the output topic holds, read with read_committed. */
export interface OutputAudit {
  /** Committed output records. */
  readonly total: number;
  /** Input numbers that never reached the output. */
  readonly lost: number[];
  /** Input numbers that reached it more than once. */
  readonly duplicated: number[];
  /** Outputs that belong to no input (must be none). */
  readonly foreign: string[];
}

/** The pipelines' transform: `in-<n>` → `out-<n>` with the same key. */
export function toOutput(message: LogMessage<string | null, string | null>): SinkRecord[] {
  return [{ key: message.key, value: `out-${String(message.value).slice(3)}` }];
}

/** Creates an input topic of `count` records `in-0 … in-<count-1>` over `partitions`, and an empty output topic. */
export async function exactlyOnceTopics(fixture: KafkaFixture, label: string, count: number, partitions = 3): Promise<{ input: string; output: string }> {
  const input = await fixture.createTopic(uniqueTopic(`${label}-in`), partitions);
  const output = await fixture.createTopic(uniqueTopic(`${label}-out`), partitions);
  await fixture.produce(
    input,
    Array.from({ length: count }, (_, i) => ({ key: `k${i % 97}`, value: `in-${i}` })),
  );
  return { input, output };
}

/** Reads the whole output topic as a read_committed consumer (sdfkit's KafkaSource) and compares it with the inputs `0 … count-1`. */
export async function auditOutput(output: string, count: number): Promise<OutputAudit> {
  const source = new KafkaSource<string | null, string | null>({ brokers: brokers(), until: "latest", decodeKey: "string", decodeValue: "string" });
  try {
    const records = await new LocalRunner({ parallelism: 3 }).collect(source, [output]);
    const seen = new Map<number, number>();
    const foreign: string[] = [];
    for (const record of records) {
      const match = /^out-(\d+)$/.exec(String(record.value));
      const n = match === null ? -1 : Number(match[1]);
      if (n < 0 || n >= count) foreign.push(String(record.value));
      else seen.set(n, (seen.get(n) ?? 0) + 1);
    }
    const lost: number[] = [];
    const duplicated: number[] = [];
    for (let n = 0; n < count; n++) {
      const times = seen.get(n) ?? 0;
      if (times === 0) lost.push(n);
      if (times > 1) duplicated.push(n);
    }
    return { total: records.length, lost, duplicated, foreign };
  } finally {
    await source.close();
  }
}

/** The offsets a group committed, summed over the partitions of a topic (= inputs consumed when it starts at 0). */
export async function committedTotal(fixture: KafkaFixture, groupId: string, topic: string): Promise<number> {
  const [entry] = await fixture.admin.fetchOffsets({ groupId, topics: [topic] });
  return (entry?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
}

export { brokers, KafkaFixture, uniqueTopic };
