import { randomUUID } from "node:crypto";
import type { Batch, Consumer, EachBatchPayload, Kafka, KafkaMessage } from "kafkajs";
import type { FetchResult } from "../log/PartitionedLog.js";
import { fixedAssigner } from "./fixedAssigner.js";
import { RecordBuffer } from "./RecordBuffer.js";
import { toLogRecord } from "./toLogRecord.js";
import { TransientIoError } from "../../src/errors/TransientIoError.js";

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

/** A batch the batch handler took and the buffer has not added yet (see `PartitionReader.#onBatch`). */
interface PendingBatch {
  /** The offset it was fetched from. */
  readonly from: number;
  /** Its readable messages, converted when added. */
  readonly messages: readonly KafkaMessage[];
  /** Its last offset. */
  readonly last: number;
  /** Whether it may extend the buffer past its end (no seek was pending when it came). */
  readonly contiguous: boolean;
}

/**
 * Reads one topic-partition with one kafkajs consumer, from any offset, ahead into a bounded
 * buffer. kafkajs 2.2.4 has no `assign()`, so the consumer joins a consumer group of its own
 * (`sdfkit-reader.<topic>.<partition>.<uuid>`, never committed to) whose partition assigner
 * gives it exactly this partition: it fetches nothing else.
 *
 * - `run({ eachBatch, autoCommit: false })` puts each batch in a {@link RecordBuffer}. The
 *   handler only queues the batch and returns, so kafkajs sends its next fetch request at once
 *   and the broker reads the next batch while these records are converted, claimed and output
 *   (right after, in a `setImmediate`). Anything that reads or changes the buffer adds the
 *   queued batches first, so it behaves as if each batch were added when it came. When the
 *   buffer holds `maxBufferedRecords`, the batch handler waits (sending heartbeats) until
 *   {@link fetch} made room: kafkajs fetches the next batch only after the handler returns, so
 *   this stops fetching like `pause()` does, but restarts within a round trip instead of after
 *   a paused consumer's idle sleep.
 * - A reader made without an offset (`KafkaLog.prepare`) connects at once but joins its group
 *   only at its first fetch, which sets where it starts.
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
  /** Settles once the reader knows where to start (given, or its first fetch) or closes. */
  readonly #positioned: Promise<void>;
  /** Settles {@link #positioned}; undefined once it has. */
  #position: (() => void) | undefined;
  /** Why the consumer stopped for good; undefined while it runs. */
  #failure: unknown = undefined;
  /** Set by close(); nothing is fetched or waited for afterwards. */
  #closed = false;
  /** When the broker last answered any request of this consumer (epoch ms). */
  #lastAnswerAt = Date.now();
  /** Whether the consumer has joined its group once (before that, its start-up retries tell failures). */
  #joined = false;
  /** Batches handed over and not added to the buffer yet, in order; see {@link #settled}. */
  #pending: PendingBatch[] = [];
  /** Messages in {@link #pending}, for backpressure. */
  #pendingMessages = 0;
  /** Whether a {@link #settleSoon} is scheduled. */
  #settleScheduled = false;
  /** The fetch in progress, if any: fetches run one after another. */
  #busy: Promise<unknown> = Promise.resolve();

  /**
   * Creates the consumer and starts it in the background; {@link fetch} waits for its records.
   *
   * Without `offset` (a reader made ahead of its first fetch), the consumer connects and loads
   * the topic's metadata at once, but joins its group and fetches only once the first
   * {@link fetch} says where to start: an unused one holds a connection and nothing on the broker.
   *
   * @param kafka - the kafkajs client
   * @param topic - the topic
   * @param partition - the partition
   * @param offset - where to start reading; undefined: where the first fetch asks
   * @param settings - isolation level and buffer size
   */
  constructor(kafka: Kafka, topic: string, partition: number, offset: number | undefined, settings: PartitionReaderSettings) {
    this.topic = topic;
    this.partition = partition;
    this.#buffer = new RecordBuffer(offset ?? 0);
    let position: (() => void) | undefined;
    this.#positioned = offset === undefined ? new Promise((resolve) => (position = resolve)) : Promise.resolve();
    this.#position = position;
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
    this.#positionAt(undefined); // a consumer waiting to be positioned stops starting
    const stopping = this.#consumer.disconnect().catch(() => undefined);
    // A consumer still starting joins after that first stop: stop it once more when it has.
    await this.#started;
    await stopping;
    await this.#consumer.disconnect().catch(() => undefined);
  }

  async #fetch(offset: number, maxRecords: number, maxWaitMs: number, signal: AbortSignal | undefined): Promise<FetchResult> {
    if (this.#position !== undefined) this.#positionAt(offset);
    else if (!this.#settled().covers(offset)) this.#seek(offset);
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
      const result = this.#settled().take(offset, maxRecords);
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
    await this.#positioned;
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
      this.#seekConsumer(this.#settled().end);
    });
    this.#consumer.on(events.END_BATCH_PROCESS, ({ payload }) => {
      // Only batches without a readable record skip eachBatch; they account for their offsets.
      const first = payload.firstOffset as string | null;
      if (payload.batchSize !== 0 || first === null || payload.partition !== this.partition) return;
      if (this.#settled().append(Number(first), [], Number(payload.lastOffset), false)) this.#notify();
    });
    this.#consumer.on(events.CRASH, ({ payload }) => this.#fail(payload.error));
  }

  async #onBatch({ batch, isStale, heartbeat }: EachBatchPayload): Promise<void> {
    if (this.#closed || batch.partition !== this.partition) return;
    const fetchedFrom = (batch as Batch & { fetchedOffset?: string }).fetchedOffset ?? batch.firstOffset() ?? batch.lastOffset();
    // Queue the batch and return: kafkajs then sends its next fetch request (all in microtasks),
    // and the records are converted, added and handed out after that, while the broker reads the
    // next batch. Whether it continues the buffer is decided now, as if it were added now: any
    // seek or other use of the buffer adds the queued batches first (#settled).
    this.#pending.push({ from: Number(fetchedFrom), messages: batch.messages, last: Number(batch.lastOffset()), contiguous: !isStale() });
    this.#pendingMessages += batch.messages.length;
    this.#settleSoon();
    while (this.#buffer.size + this.#pendingMessages >= this.#maxBuffered && !this.#closed && !isStale()) {
      await this.#changed(FULL_WAIT_SLICE_MS);
      await heartbeat();
    }
  }

  /** Starts a reader made without an offset at `offset` (nothing is buffered yet); its consumer then joins, and seeks there. */
  #positionAt(offset: number | undefined): void {
    const position = this.#position;
    if (position === undefined) return;
    this.#position = undefined;
    if (offset !== undefined) this.#settled().reset(offset);
    position();
  }

  #seek(offset: number): void {
    this.#settled().reset(offset);
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
    if (this.#failure === undefined && !this.#closed) this.#failure = error ?? new TransientIoError(`The kafkajs consumer of kafka://${this.topic}/${this.partition} crashed without an error; retrying may succeed`, { context: { input: `kafka://${this.topic}/${this.partition}` } });
    this.#notify();
  }

  #notify(): void {
    for (const wake of [...this.#waiters]) wake();
  }

  /** The buffer with every batch handed over added (in order): all reads and changes of the buffer go through here. */
  #settled(): RecordBuffer {
    if (this.#pending.length === 0) return this.#buffer;
    const pending = this.#pending;
    this.#pending = [];
    this.#pendingMessages = 0;
    for (const { from, messages, last, contiguous } of pending) this.#buffer.append(from, messages.map(toLogRecord), last, contiguous);
    return this.#buffer;
  }

  /** Adds the queued batches and wakes the fetch waiting for them, after the current microtasks and I/O callbacks. */
  #settleSoon(): void {
    if (this.#settleScheduled) return;
    this.#settleScheduled = true;
    setImmediate(() => {
      this.#settleScheduled = false;
      this.#settled(); // unless a fetch, seek or rejoin added them meanwhile
      this.#notify();
    });
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
