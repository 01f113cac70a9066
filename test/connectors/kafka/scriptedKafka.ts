// A scripted stand-in for kafkajs's consumer (and a minimal admin), for tests that play the
// orderings a real broker produces only by chance.
import kafkajs from "kafkajs";
import type { Batch, ConsumerConfig, ConsumerRunConfig, EachBatchPayload, Kafka, KafkaMessage } from "kafkajs";

export type Listener = (event: { payload: Record<string, unknown> }) => void;

/** kafkajs's consumer event names (making a consumer does not connect it). */
export const EVENTS = new kafkajs.Kafka({ brokers: ["127.0.0.1:1"], logLevel: kafkajs.logLevel.NOTHING }).consumer({ groupId: "events" }).events;

/** The consumer surface PartitionReader uses, driven by the test. */
export class ScriptedConsumer {
  readonly events = EVENTS;
  readonly listeners = new Map<string, Listener[]>();
  readonly seeks: string[] = [];
  /** The partition its batches are of. */
  partition = 0;
  eachBatch: ((payload: EachBatchPayload) => Promise<void>) | undefined;
  disconnected = 0;
  constructor(readonly config: ConsumerConfig) {}

  async connect(): Promise<void> {}
  async subscribe(): Promise<void> {}
  /** When set, run() crashes with it (as kafkajs does when joining fails) instead of joining. */
  crashOnRun: unknown = undefined;

  async run(config: ConsumerRunConfig): Promise<void> {
    this.eachBatch = config.eachBatch;
    if (this.crashOnRun !== undefined) this.emit(this.events.CRASH, { error: this.crashOnRun, restart: false });
    else this.emit(this.events.GROUP_JOIN, {});
  }
  seek({ offset }: { offset: string }): void {
    this.seeks.push(offset);
  }
  async disconnect(): Promise<void> {
    this.disconnected++;
  }
  on(event: string, listener: Listener): () => void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return () => {};
  }
  emit(event: string, payload: Record<string, unknown>): void {
    for (const listener of this.listeners.get(event) ?? []) listener({ payload });
  }

  /** Delivers a batch fetched from `from`: readable `offsets`, last offset `last` (markers included). */
  deliver(from: number, offsets: number[], last: number, stale = false): Promise<void> {
    const messages = offsets.map((offset): KafkaMessage => ({ offset: String(offset), timestamp: "0", key: null, value: Buffer.from(`v${offset}`), attributes: 0, headers: {} }));
    if (messages.length === 0) {
      // Batches of only markers or aborted records skip eachBatch: kafkajs emits the end event.
      this.emit(this.events.END_BATCH_PROCESS, { partition: this.partition, batchSize: 0, firstOffset: String(from), lastOffset: String(last) });
      return Promise.resolve();
    }
    const batch = { topic: "t", partition: this.partition, fetchedOffset: String(from), messages, firstOffset: () => String(offsets[0]), lastOffset: () => String(last) } as unknown as Batch;
    return (this.eachBatch as (payload: EachBatchPayload) => Promise<void>)({ batch, isStale: () => stale, heartbeat: async () => {} } as unknown as EachBatchPayload);
  }
}

/** A kafkajs-like client whose consumers are {@link ScriptedConsumer}s and whose admin knows one topic. */
export function scriptedKafka(topics: Record<string, number>, onConsumer: (consumer: ScriptedConsumer) => void = () => {}): Kafka & { consumers: ScriptedConsumer[] } {
  const consumers: ScriptedConsumer[] = [];
  const admin = {
    connect: async () => {},
    disconnect: async () => {},
    fetchTopicMetadata: async ({ topics: names }: { topics: string[] }) => ({
      topics: names.filter((name) => name in topics).map((name) => ({ name, partitions: Array.from({ length: topics[name] as number }, (_, partitionId) => ({ partitionId })) })),
    }),
  };
  return {
    consumers,
    consumer: (config: ConsumerConfig) => {
      const consumer = new ScriptedConsumer(config);
      consumers.push(consumer);
      onConsumer(consumer);
      return consumer;
    },
    admin: () => admin,
  } as unknown as Kafka & { consumers: ScriptedConsumer[] };
}
