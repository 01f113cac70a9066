import { randomUUID } from "node:crypto";
import type { Batch, Consumer, EachBatchPayload, Kafka } from "kafkajs";
import type { FetchResult } from "../log/PartitionedLog.js";
import { fixedAssigner } from "./fixedAssigner.js";
import { RecordBuffer } from "./RecordBuffer.js";
import { toLogRecord } from "./toLogRecord.js";

/** How long the broker holds a fetch of a caught-up partition: also the longest a seek or a stop waits for the fetch in flight. */
const POLL_WAIT_MS = 200;
/** While the buffer is full, the batch handler waits in slices of this long, sending heartbeats between them. */
const FULL_WAIT_SLICE_MS = 1000;

/** How a {@link PartitionReader} reads. */
export interface PartitionReaderSettings {
  /** `read_committed` (true) or `read_uncommitted`. */
  readonly readCommitted: boolean;
  /** Records fetched ahead before fetching stops (plus at most one batch). */
  readonly maxBufferedRecords: number;
}

/**
 * Reads one topic-partition with one kafkajs consumer, from any offset, ahead into a bounded
 * buffer. kafkajs 2.2.4 has no `assign()`, so the consumer joins a consumer group of its own
 * (`sdfkit-reader.<topic>.<partition>.<uuid>`, never committed to) whose partition assigner
 * gives it exactly this partition: it fetches nothing else.
 *
 * - `run({ eachBatch, autoCommit: false })` puts each batch in a {@link RecordBuffer}. When the
 *   buffer holds `maxBufferedRecords`, the batch handler waits (sending heartbeats) until
 *   {@link fetch} made room: kafkajs fetches the next batch only after the handler returns, so
 *   this stops fetching like `pause()` does, but restarts within a round trip instead of after
 *   a paused consumer's idle sleep.
 * - A fetch from an offset the buffer does not continue at empties it and `seek`s the consumer;
 *   batches fetched before the seek are used only where they provably cover the offsets asked
 *   for (offsets never change meaning), else dropped (kafkajs's `isStale()`).
 * - Batches of nothing but control records or aborted records never reach `eachBatch`; the
 *   `END_BATCH_PROCESS` event still moves the buffer's end past them, so `nextOffset` steps over
 *   transaction markers.
 * - After any (re)join, the consumer is sought to where the buffer continues: kafkajs would
 *   otherwise restart from the group's committed offset, which sdfkit never writes.
 * - kafkajs's own restart after a crash is off (`restartOnFailure`): a crashed reader reports
 *   {@link failure}, and its owner replaces it.
 */
export class PartitionReader {
  /** The topic read. */
  readonly topic: string;
  /** The partition read. */
  readonly partition: number;
  /** The consumer; its group has this reader as only member. */
  readonly #consumer: Consumer;
  /** Fetched-ahead records; its `end` is where the consumer continues. */
  readonly #buffer: RecordBuffer;
  /** Records that make the buffer full. */
  readonly #maxBuffered: number;
  /** Calls to wake when the buffer changes, the reader fails or closes. */
  readonly #waiters = new Set<() => void>();
  /** Settles when the consumer has joined its group (or failed to). */
  readonly #started: Promise<void>;
  /** Why the consumer stopped for good; undefined while it runs. */
  #failure: unknown = undefined;
  /** Set by close(); nothing is fetched or waited for afterwards. */
  #closed = false;
  /** When the broker last answered any request of this consumer (epoch ms). */
  #lastAnswerAt = Date.now();
  /** Whether the consumer has joined its group once (before that, its start-up retries tell failures). */
  #joined = false;
  /** The fetch in progress, if any: fetches run one after another. */
  #busy: Promise<unknown> = Promise.resolve();

  /**
   * Creates the consumer and starts it in the background; {@link fetch} waits for its records.
   *
   * @param kafka - the kafkajs client
   * @param topic - the topic
   * @param partition - the partition
   * @param offset - where to start reading
   * @param settings - isolation level and buffer size
   */
  constructor(kafka: Kafka, topic: string, partition: number, offset: number, settings: PartitionReaderSettings) {
    this.topic = topic;
    this.partition = partition;
    this.#buffer = new RecordBuffer(offset);
    this.#maxBuffered = settings.maxBufferedRecords;
    this.#consumer = kafka.consumer({
      groupId: `sdfkit-reader.${topic}.${partition}.${randomUUID()}`,
      partitionAssigners: [fixedAssigner({ [topic]: [partition] })],
      allowAutoTopicCreation: false,
      readUncommitted: !settings.readCommitted,
      maxWaitTimeInMs: POLL_WAIT_MS,
      retry: { restartOnFailure: async () => false },
    });
    this.#listen();
    this.#started = this.#start().catch((error: unknown) => this.#fail(error));
  }

  /** Whether the consumer has joined its group at least once. */
  get joined(): boolean {
    return this.#joined;
  }

  /** Why the consumer stopped for good (it crashed); undefined while it runs. */
  get failure(): unknown {
    return this.#failure;
  }

  /**
   * How long the broker has not answered any request of this reader, in ms; 0 until it first
   * joined its group (a join may wait out the broker's initial rebalance delay without an answer).
   */
  silentForMs(now = Date.now()): number {
    return this.#joined ? now - this.#lastAnswerAt : 0;
  }

  /**
   * Records at offsets `>= offset`, at most `maxRecords`, waiting up to `maxWaitMs` for a first
   * one (or for the end to move past `offset`). Seeks when the buffer does not continue at
   * `offset`. Calls run one at a time.
   *
   * @param offset - the first offset wanted
   * @param maxRecords - at most this many records
   * @param maxWaitMs - how long to wait when nothing is buffered
   * @param signal - ends the wait early
   * @returns the records and where to fetch next
   * @throws the consumer's crash cause (see {@link failure}), untyped: the owner maps it
   */
  fetch(offset: number, maxRecords: number, maxWaitMs: number, signal?: AbortSignal): Promise<FetchResult> {
    const run = this.#busy.then(() => this.#fetch(offset, maxRecords, maxWaitMs, signal));
    this.#busy = run.catch(() => undefined);
    return run;
  }

  /** Stops the consumer and leaves its group. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#notify();
    const stopping = this.#consumer.disconnect().catch(() => undefined);
    // A consumer still starting joins after that first stop: stop it once more when it has.
    await this.#started;
    await stopping;
    await this.#consumer.disconnect().catch(() => undefined);
  }

  async #fetch(offset: number, maxRecords: number, maxWaitMs: number, signal: AbortSignal | undefined): Promise<FetchResult> {
    if (!this.#buffer.covers(offset)) this.#seek(offset);
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
      const result = this.#buffer.take(offset, maxRecords);
      if (result.records.length > 0 || result.nextOffset > offset) {
        this.#notify(); // room for a waiting batch handler
        return result;
      }
      if (this.#failure !== undefined) throw this.#failure;
      const left = deadline - Date.now();
      if (left <= 0 || this.#closed || signal?.aborted === true) return result;
      await this.#changed(left, signal);
    }
  }

  async #start(): Promise<void> {
    await this.#consumer.connect();
    await this.#consumer.subscribe({ topics: [this.topic], fromBeginning: true });
    if (this.#closed) return;
    await this.#consumer.run({ autoCommit: false, eachBatch: (payload) => this.#onBatch(payload) });
  }

  #listen(): void {
    const { events } = this.#consumer;
    this.#consumer.on(events.REQUEST, () => {
      this.#lastAnswerAt = Date.now();
    });
    this.#consumer.on(events.GROUP_JOIN, () => {
      this.#joined = true;
      this.#lastAnswerAt = Date.now();
      this.#seekConsumer(this.#buffer.end);
    });
    this.#consumer.on(events.END_BATCH_PROCESS, ({ payload }) => {
      // Only batches without a readable record skip eachBatch; they account for their offsets.
      const first = payload.firstOffset as string | null;
      if (payload.batchSize !== 0 || first === null || payload.partition !== this.partition) return;
      if (this.#buffer.append(Number(first), [], Number(payload.lastOffset), false)) this.#notify();
    });
    this.#consumer.on(events.CRASH, ({ payload }) => this.#fail(payload.error));
  }

  async #onBatch({ batch, isStale, heartbeat }: EachBatchPayload): Promise<void> {
    if (this.#closed || batch.partition !== this.partition) return;
    const fetchedFrom = (batch as Batch & { fetchedOffset?: string }).fetchedOffset ?? batch.firstOffset() ?? batch.lastOffset();
    const records = batch.messages.map(toLogRecord);
    if (this.#buffer.append(Number(fetchedFrom), records, Number(batch.lastOffset()), !isStale())) this.#notify();
    while (this.#buffer.size >= this.#maxBuffered && !this.#closed && !isStale()) {
      await this.#changed(FULL_WAIT_SLICE_MS);
      await heartbeat();
    }
  }

  #seek(offset: number): void {
    this.#buffer.reset(offset);
    this.#seekConsumer(offset);
    this.#notify(); // a batch handler waiting for room has it now
  }

  #seekConsumer(offset: number): void {
    try {
      this.#consumer.seek({ topic: this.topic, partition: this.partition, offset: String(offset) });
    } catch {
      // Not running yet: the GROUP_JOIN listener seeks once it has joined.
    }
  }

  #fail(error: unknown): void {
    if (this.#failure === undefined && !this.#closed) this.#failure = error ?? new Error("kafkajs consumer crashed");
    this.#notify();
  }

  #notify(): void {
    for (const wake of [...this.#waiters]) wake();
  }

  /** Resolves on the next {@link #notify}, after `ms`, or on abort. */
  #changed(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener("abort", done, { once: true });
      this.#waiters.add(done);
    });
  }
}
