// A scripted stand-in for kafkajs's protocol layer (the cluster a PartitionReader fetches
// through) and a minimal admin, for tests that play the orderings a real broker produces only
// by chance.
import type { Kafka } from "kafkajs";
import type { FetchBroker, FetchCluster, RawFetchPartition, RawRecord } from "../../../connectors/kafka/kafkaCluster.js";

/** A Fetch request waiting for the test to answer it. */
export interface PendingFetch {
  readonly offset: number;
  respond(data: Partial<RawFetchPartition>): void;
  fail(error: unknown): void;
}

/** Records at `offsets`, in one batch ending at `last` (markers, aborted or compacted records in between). */
export function batch(offsets: readonly number[], last = offsets[offsets.length - 1] ?? 0, first = offsets[0] ?? last): RawRecord[] {
  return offsets.map((offset) => ({
    offset: String(offset),
    timestamp: "0",
    key: null,
    value: Buffer.from(`v${offset}`),
    headers: {},
    batchContext: { firstOffset: String(first), lastOffsetDelta: last - first, producerId: "-1", inTransaction: false },
  }));
}

/** The cluster surface PartitionReader uses, driven by the test. */
export class ScriptedCluster implements FetchCluster {
  readonly fetches: PendingFetch[] = [];
  readonly #waiting = new Set<() => void>();
  /** Requests not answered yet, also those the test took with next(). */
  readonly #inFlight = new Set<PendingFetch>();
  /** Requests made so far (their offsets). */
  readonly requested: number[] = [];
  /** Isolation levels of the requests. */
  readonly isolation: number[] = [];
  connected = 0;
  disconnected = 0;
  /** When set, connecting fails with it. */
  failConnect: unknown = undefined;
  /** What ListOffsets answers: earliest (fromBeginning) and latest. */
  offsets = { earliest: 0, latest: 0 };

  async connect(): Promise<void> {
    this.connected++;
    if (this.failConnect !== undefined) throw this.failConnect;
  }
  async disconnect(): Promise<void> {
    this.disconnected++;
    this.fetches.splice(0);
    for (const pending of this.#inFlight) pending.fail(Object.assign(new Error("Closed connection"), { name: "KafkaJSConnectionClosedError", retriable: true }));
  }
  async addTargetTopic(): Promise<void> {}
  async refreshMetadata(): Promise<void> {}
  findLeaderForPartitions(_topic: string, partitions: number[]): Record<string, number[]> {
    return { "1": partitions };
  }
  async findBroker(): Promise<FetchBroker> {
    return {
      fetch: (request) =>
        new Promise((resolve, reject) => {
          const part = request.topics[0]?.partitions[0];
          const offset = Number(part?.fetchOffset);
          this.requested.push(offset);
          this.isolation.push(request.isolationLevel);
          const pending: PendingFetch = {
            offset,
            respond: (data) => resolve({ responses: [{ topicName: request.topics[0]?.topic ?? "", partitions: [{ partition: part?.partition ?? 0, errorCode: 0, highWatermark: "0", lastStableOffset: "0", abortedTransactions: [], messages: [], ...data }] }] }),
            fail: reject,
          };
          const settle = (): void => void this.#inFlight.delete(pending);
          this.#inFlight.add(pending);
          this.fetches.push({ offset, respond: (data) => (settle(), pending.respond(data)), fail: (error) => (settle(), pending.fail(error)) });
          for (const wake of this.#waiting) wake();
        }),
    };
  }
  /** Offsets committed through {@link findGroupCoordinator}, with the generation they came with. */
  readonly committed: { groupId: string; groupGenerationId: number; topics: unknown }[] = [];
  async findGroupCoordinator(): Promise<{ offsetCommit(request: { groupId: string; groupGenerationId: number; memberId: string; topics: unknown }): Promise<unknown> }> {
    return { offsetCommit: async ({ groupId, groupGenerationId, topics }) => this.committed.push({ groupId, groupGenerationId, topics }) };
  }
  async fetchTopicsOffset(topics: { topic: string; fromBeginning: boolean; partitions: { partition: number }[] }[]): Promise<{ topic: string; partitions: { partition: number; offset: string }[] }[]> {
    return topics.map(({ topic, fromBeginning, partitions }) => ({ topic, partitions: partitions.map(({ partition }) => ({ partition, offset: String(fromBeginning ? this.offsets.earliest : this.offsets.latest) })) }));
  }

  /** The oldest Fetch not answered yet, waiting for one to be made. */
  async next(): Promise<PendingFetch> {
    for (let i = 0; i < 400; i++) {
      const pending = this.fetches.shift();
      if (pending !== undefined) return pending;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, 5);
        function done(): void {
          clearTimeout(timer);
          resolve();
        }
        this.#waiting.add(done);
      });
    }
    throw new Error("no Fetch request was made");
  }
}

/** kafkajs 2.2.4 keeps its cluster factory under a private symbol with this description. */
const CREATE_CLUSTER = Symbol("private:Kafka:createCluster");

/** A kafkajs-like client whose clusters are {@link ScriptedCluster}s and whose admin knows some topics. */
export function scriptedKafka(topics: Record<string, number>, onCluster: (cluster: ScriptedCluster) => void = () => {}): Kafka & { clusters: ScriptedCluster[] } {
  const clusters: ScriptedCluster[] = [];
  const admin = {
    connect: async () => {},
    disconnect: async () => {},
    fetchTopicMetadata: async ({ topics: names }: { topics: string[] }) => ({
      topics: names.filter((name) => name in topics).map((name) => ({ name, partitions: Array.from({ length: topics[name] as number }, (_, partitionId) => ({ partitionId })) })),
    }),
  };
  return {
    clusters,
    consumer: () => {
      throw new Error("sdfkit's readers must not make group consumers");
    },
    admin: () => admin,
    [CREATE_CLUSTER]: () => {
      const cluster = new ScriptedCluster();
      clusters.push(cluster);
      onCluster(cluster);
      return cluster;
    },
  } as unknown as Kafka & { clusters: ScriptedCluster[] };
}
