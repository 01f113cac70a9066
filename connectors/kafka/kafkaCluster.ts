import kafkajs from "kafkajs";
import type { Kafka } from "kafkajs";
import { InvalidOptionError } from "../../src/errors/InvalidOptionError.js";

/** One record as kafkajs's protocol layer decodes it (record batch v2 or a legacy message). */
export interface RawRecord {
  readonly offset: string;
  readonly timestamp: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
  readonly isControlRecord?: boolean;
  /** The batch it came in (absent for legacy message sets). */
  readonly batchContext?: {
    readonly firstOffset: string;
    readonly lastOffsetDelta: number;
    readonly producerId: string;
    readonly inTransaction: boolean;
  };
}

/** One partition of a Fetch response. */
export interface RawFetchPartition {
  readonly partition: number;
  readonly errorCode: number;
  readonly highWatermark: string;
  readonly lastStableOffset: string;
  readonly abortedTransactions: readonly { readonly producerId: string; readonly firstOffset: string }[];
  readonly messages: readonly RawRecord[];
}

/** A broker connection of kafkajs's protocol layer: the Fetch request is all sdfkit sends itself. */
export interface FetchBroker {
  fetch(request: {
    replicaId: number;
    isolationLevel: number;
    maxWaitTime: number;
    minBytes: number;
    maxBytes: number;
    topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
  }): Promise<{ responses: { topicName: string; partitions: RawFetchPartition[] }[] }>;
}

/** The part of a kafkajs `Cluster` (its protocol layer: metadata, brokers, ListOffsets) a partition reader uses. */
export interface FetchCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  refreshMetadata(): Promise<void>;
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findBroker(query: { nodeId: string }): Promise<FetchBroker>;
  fetchTopicsOffset(topics: { topic: string; fromBeginning: boolean; partitions: { partition: number }[] }[]): Promise<{ topic: string; partitions: { partition: number; offset: string }[] }[]>;
}

/** Makes a fresh cluster (its own broker connections) for one partition reader, or for commits. */
export type ClusterFactory = () => FetchCluster & CommitCluster;

/** Description of kafkajs 2.2.4's private symbol under which a `Kafka` instance keeps its cluster factory. */
const CREATE_CLUSTER = "private:Kafka:createCluster";

/**
 * The cluster factory of a kafkajs `Kafka` instance: kafkajs has no public assign() or fetch,
 * but every instance keeps `createCluster` (brokers, SSL, SASL, socket factory, retry and
 * logger as configured) under a private symbol. Clusters made from it join no consumer group.
 *
 * @param kafka - a kafkajs 2.x instance
 * @returns the factory, or undefined when `kafka` is not kafkajs (Confluent's KafkaJS API, say)
 */
export function clusterFactoryOf(kafka: Kafka): ClusterFactory | undefined {
  const symbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === CREATE_CLUSTER);
  const create = symbol === undefined ? undefined : (kafka as unknown as Record<symbol, unknown>)[symbol];
  if (typeof create !== "function") return undefined;
  return () => create({ allowAutoTopicCreation: false, maxInFlightRequests: null }) as FetchCluster & CommitCluster;
}

/**
 * The kafkajs client partition reads go through: `kafka` itself when it is kafkajs, else one made
 * from `brokers`.
 * @param kafka - the caller's client, if any
 * @param brokers - bootstrap brokers, if given
 * @param config - client id and logging for a client made here
 * @returns the kafkajs client and its cluster factory
 * @throws {@link InvalidOptionError} when `kafka` is not kafkajs and no `brokers` were given
 */
export function readClient(kafka: Kafka | undefined, brokers: readonly string[] | undefined, config: Omit<ConstructorParameters<typeof kafkajs.Kafka>[0], "brokers">): { client: Kafka; clusters: ClusterFactory } {
  const own = kafka === undefined ? undefined : clusterFactoryOf(kafka);
  if (kafka !== undefined && own !== undefined) return { client: kafka, clusters: own };
  if (brokers === undefined) {
    throw new InvalidOptionError("Expected `kafka` to be a kafkajs 2.2.x Kafka instance: sdfkit reads partitions and commits offsets through kafkajs's protocol layer (no consumer groups), which a client that only implements the KafkaJS API lacks; pass `brokers` instead, or a kafkajs instance for SSL or SASL");
  }
  const client = new kafkajs.Kafka({ ...config, brokers: [...brokers] });
  const clusters = clusterFactoryOf(client);
  if (clusters === undefined) throw new InvalidOptionError("The installed kafkajs has no cluster factory (sdfkit needs kafkajs 2.2.x)");
  return { client, clusters };
}

/** The part of a kafkajs `Cluster` an offset commit without group membership uses. */
export interface CommitCluster {
  connect(): Promise<void>;
  refreshMetadata(): Promise<void>;
  findGroupCoordinator(query: { groupId: string }): Promise<{
    offsetCommit(request: { groupId: string; groupGenerationId: number; memberId: string; topics: { topic: string; partitions: { partition: number; offset: string }[] }[] }): Promise<unknown>;
  }>;
}
