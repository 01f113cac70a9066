// Shared helpers of the Kafka integration tests: the broker that test/services/up.sh started
// (KAFKA_BROKERS), unique topics, producers, a read-until-done loop and the broker restart.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import kafkajs from "kafkajs";
import type { Admin, Kafka, Message, Producer } from "kafkajs";
import type { LogRecord } from "../../../connectors/log/LogRecord.js";
import type { PartitionedLog } from "../../../connectors/log/PartitionedLog.js";

const { Kafka: KafkaClient, logLevel, Partitioners } = kafkajs;

/** The brokers of the test cluster, from the integration global setup. */
export function brokers(): string[] {
  const value = process.env["KAFKA_BROKERS"];
  if (!value) throw new Error("KAFKA_BROKERS is not set; the integration global setup (test/setup/services.ts) should set it");
  return value.split(",");
}

/** A kafkajs client for setting up tests, silent, with short retry backoffs. */
export function testKafka(): Kafka {
  return new KafkaClient({ brokers: brokers(), clientId: "sdfkit-test", logLevel: logLevel.NOTHING, retry: { initialRetryTime: 100, retries: 8 } });
}

/** A topic name no other test uses. */
export function uniqueTopic(label: string): string {
  return `sdfkit-${label}-${randomBytes(5).toString("hex")}`;
}

/** Admin, plain producer and (lazily) transactional producers of one test file, all closed by {@link close}. */
export class KafkaFixture {
  readonly kafka = testKafka();
  readonly admin: Admin = this.kafka.admin();
  // metadataMaxAge 0: kafkajs's producer otherwise keeps topic metadata for 5 minutes and
  // silently drops messages sent to a partition created meanwhile (send() still resolves).
  readonly producer: Producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false, metadataMaxAge: 0 });
  readonly #extra: { disconnect(): Promise<void> }[] = [];

  /** Connects, then waits once for the group coordinator (right after a fresh format it is still loading). */
  async start(): Promise<void> {
    await Promise.all([this.admin.connect(), this.producer.connect()]);
    await this.waitForGroupCoordinator();
  }

  /** Creates a topic and waits for its leaders. */
  async createTopic(topic: string, numPartitions = 1, config: Record<string, string> = {}): Promise<string> {
    const configEntries = Object.entries(config).map(([name, value]) => ({ name, value }));
    try {
      await this.admin.createTopics({ topics: [{ topic, numPartitions, configEntries }], waitForLeaders: true });
    } catch (error) {
      // Right after a broker restart its metadata lags: kafkajs's wait for leaders gives up on
      // UNKNOWN_TOPIC_OR_PARTITION (it only retries LEADER_NOT_AVAILABLE). The topic exists.
      if ((error as { type?: string }).type !== "UNKNOWN_TOPIC_OR_PARTITION") throw error;
      await eventually(
        async () => {
          const metadata = await this.admin.fetchTopicMetadata({ topics: [topic] }).catch(() => undefined);
          const partitions = metadata?.topics[0]?.partitions ?? [];
          return partitions.length === numPartitions && partitions.every((p) => p.leader >= 0);
        },
        30_000,
        `the leaders of ${topic}`,
      );
    }
    return topic;
  }

  /** Produces messages (kafkajs decides the partition when none is given); fails if a partition asked for was not written. */
  async produce(topic: string, messages: Message[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 1000) {
      const chunk = messages.slice(i, i + 1000);
      const written = new Set((await this.producer.send({ topic, messages: chunk })).map((meta) => meta.partition));
      const missing = [...new Set(chunk.flatMap((m) => (m.partition === undefined ? [] : [m.partition])))].filter((p) => !written.has(p));
      if (missing.length > 0) throw new Error(`kafkajs did not write the messages for partition(s) ${missing.join(", ")} of ${topic}`);
    }
  }

  /** A connected transactional, idempotent producer. */
  async transactionalProducer(): Promise<Producer> {
    const producer = this.kafka.producer({
      transactionalId: `sdfkit-test-tx-${randomBytes(5).toString("hex")}`,
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    this.#extra.push(producer);
    return producer;
  }

  /**
   * Joins a throwaway consumer group and waits until it has joined: after a fresh format, the
   * group coordinator answers "coordinator is loading" for a while, and a test should not
   * absorb that wait.
   */
  async waitForGroupCoordinator(timeoutMs = 90_000): Promise<void> {
    const topic = await this.createTopic(uniqueTopic("warmup"));
    const consumer = this.kafka.consumer({ groupId: `sdfkit-warmup-${randomBytes(5).toString("hex")}`, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
    try {
      const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
      await consumer.connect();
      await consumer.subscribe({ topics: [topic] });
      await consumer.run({ eachBatch: async () => {} });
      await withTimeout(joined, timeoutMs, "waiting for the group coordinator");
    } finally {
      await consumer.disconnect();
      await this.admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    }
  }

  /** Disconnects everything. */
  async close(): Promise<void> {
    await Promise.all([this.admin.disconnect(), this.producer.disconnect(), ...this.#extra.map((client) => client.disconnect())]);
  }
}

/** `count` messages `<prefix>-0`, `<prefix>-1`, … with keys `k0`, `k1`, … */
export function messages(count: number, prefix: string, extra: Partial<Message> = {}): Message[] {
  return Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value: `${prefix}-${i}`, ...extra }));
}

/** The values of records, as strings. */
export function values(records: readonly LogRecord[]): string[] {
  return records.map((record) => record.value?.toString() ?? "<null>");
}

/**
 * Fetches one partition from `from` until `nextOffset` reaches `until` (or `count` records
 * were read), as a bounded reader does. Fails after `timeoutMs`.
 */
export async function readPartition(
  log: PartitionedLog,
  topic: string,
  partition: number,
  from: number,
  stop: { until?: number; count?: number },
  options: { maxRecords?: number; maxWaitMs?: number; timeoutMs?: number } = {},
): Promise<{ records: LogRecord[]; nextOffset: number; fetches: number }> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const records: LogRecord[] = [];
  let next = from;
  let fetches = 0;
  while ((stop.until === undefined || next < stop.until) && (stop.count === undefined || records.length < stop.count)) {
    if (Date.now() > deadline) throw new Error(`read of ${topic}/${partition} from ${from} timed out at offset ${next} after ${records.length} records`);
    const result = await log.fetch(topic, partition, next, { maxRecords: options.maxRecords ?? 500, maxWaitMs: options.maxWaitMs ?? 1000 });
    fetches++;
    for (const record of result.records) {
      if (stop.until !== undefined && record.offset >= stop.until) break;
      records.push(record);
    }
    next = result.nextOffset;
  }
  return { records, nextOffset: next, fetches };
}

/**
 * Runs test/services/kafka-restart.sh (stop the broker, keep its data and ports, start it
 * again); `kill` stops it with SIGKILL, as a crash would.
 */
export function restartKafka(downForSeconds = 0, kill = false): Promise<void> {
  const script = fileURLToPath(new URL("../../services/kafka-restart.sh", import.meta.url));
  return new Promise((resolve, reject) => {
    const service = process.env["SDFKIT_KAFKA_SERVICE"] ?? "kafka"; // which broker the suite runs against
    const child = spawn("bash", [script, "--down-for", String(downForSeconds), "--service", service, ...(kill ? ["--kill"] : [])], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`kafka-restart.sh failed (exit ${code}):\n${stderr}`))));
  });
}

/** Resolves or rejects with `promise`, or rejects after `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Polls `check` every 100 ms until it returns true, or fails after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The cached Kafka jars test/services/up.sh downloaded (kafka-clients with every codec). */
export function kafkaJars(): string {
  const cache = process.env["SDFKIT_SERVICES_CACHE"] ?? `${process.env["HOME"] ?? ""}/.cache/sdfkit-services`;
  return `${cache}/kafka-4.1.1/lib/*`;
}

/**
 * Creates `topic` and writes `count` records with Kafka's own Java producer
 * (test/services/kafka/Producer.java): record i goes to partition i % partitions with key `k<i>`
 * and value `v<i>` (padded with '.' to `valueBytes`), in batches compressed with `compression`.
 */
export function produceWithJava(brokerList: string, topic: string, partitions: number, compression: string, count: number, valueBytes = 0): Promise<void> {
  const program = fileURLToPath(new URL("../../services/kafka/Producer.java", import.meta.url));
  const args = ["-cp", kafkaJars(), program, brokerList, topic, String(partitions), compression, String(count), String(valueBytes)];
  return new Promise((resolve, reject) => {
    const child = spawn("java", args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 && output.includes(`sent ${count}`) ? resolve() : reject(new Error(`Producer.java failed (exit ${code}):\n${output}`))));
  });
}

/**
 * A topic of 40 messages `t0`…`t39` over 2 partitions, one second apart in event time from
 * `base` (a minute ago), for reads from and until timestamps.
 */
export async function timeWindowTopic(fixture: KafkaFixture, label: string): Promise<{ topic: string; base: number }> {
  const topic = await fixture.createTopic(uniqueTopic(label), 2);
  const base = Date.now() - 60_000;
  await fixture.produce(topic, Array.from({ length: 40 }, (_, i) => ({ key: `k${i}`, value: `t${i}`, partition: i % 2, timestamp: String(base + i * 1000) })));
  return { topic, base };
}

/**
 * A one-partition topic with a committed transaction of `ok-0`…`ok-4`, then an aborted one of
 * `no-0`…`no-2`, then (when `later` is given) a committed one of that many `later-` messages.
 */
export async function transactionalTopic(fixture: KafkaFixture, label: string, later = 0): Promise<string> {
  const topic = await fixture.createTopic(uniqueTopic(label), 1);
  const producer = await fixture.transactionalProducer();
  const committed = await producer.transaction();
  await committed.send({ topic, messages: messages(5, "ok") });
  await committed.commit();
  const aborted = await producer.transaction();
  await aborted.send({ topic, messages: messages(3, "no") });
  await aborted.abort();
  if (later > 0) {
    const after = await producer.transaction();
    await after.send({ topic, messages: messages(later, "later") });
    await after.commit();
  }
  return topic;
}
