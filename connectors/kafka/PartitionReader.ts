import type { FetchResult } from "../log/PartitionedLog.js";
import { CorruptInputError } from "../../src/errors/CorruptInputError.js";
import { SdfError } from "../../src/errors/SdfError.js";
import { TransientIoError } from "../../src/errors/TransientIoError.js";
import { UnsupportedFormatError } from "../../src/errors/UnsupportedFormatError.js";
import type { ClusterFactory, FetchBroker, FetchCluster, RawFetchPartition } from "./kafkaCluster.js";
import { isLeadershipChange, kafkaError } from "./kafkaErrors.js";
import { readableRecords } from "./readableRecords.js";
import { RecordBuffer } from "./RecordBuffer.js";
import { toLogRecord } from "./toLogRecord.js";

/** How long the broker holds a fetch of a caught-up partition: also the longest a seek or a stop waits for the fetch in flight. */
const POLL_WAIT_MS = 200;
/** Bytes one Fetch may return for the partition (a larger first batch still comes whole, KIP-74). */
const PARTITION_MAX_BYTES = 1024 * 1024;
/** Back-off after a failed Fetch, doubled per failure up to {@link MAX_BACKOFF_MS}. */
const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 1000;

/** How a {@link PartitionReader} reads. */
export interface PartitionReaderSettings {
  /** `read_committed` (true) or `read_uncommitted`. */
  readonly readCommitted: boolean;
  /** Records fetched ahead before fetching stops (plus at most one response). */
  readonly maxBufferedRecords: number;
}

/**
 * Reads one topic-partition from any offset, ahead into a bounded buffer, with Fetch requests
 * of its own (kafkajs's protocol layer: a cluster of its own, no consumer group). What a group
 * consumer did is done here:
 *
 * - one loop fetches from where the buffer ends (`maxWait` 200 ms, so a caught-up partition is
 *   polled that often), and stops while the buffer holds `maxBufferedRecords`;
 * - a fetch from an offset the buffer does not continue at resets the buffer there; a response
 *   to a request made before is used only where it provably covers the offsets asked for;
 * - whole batches come back (a compressed batch cannot be cut): records below the requested
 *   offset are dropped; under `read_committed`, records of aborted transactions (the response's
 *   aborted transaction list) and control records are dropped, and the buffer's end moves past
 *   them, so `nextOffset` steps over transaction markers;
 * - a leader change (or a broker that went away) refreshes the metadata and retries with back-off;
 *   an offset below the log start (retention) moves on to the earliest offset; one past the end
 *   is polled again until the log reaches it;
 * - a batch that does not decode (corrupt, or an unknown codec) fails the reader with a
 *   {@link CorruptInputError} or {@link UnsupportedFormatError} naming topic, partition and offset;
 *   other non-retriable failures (denied access) fail it too: see {@link failure}.
 */
export class PartitionReader {
  /** The topic read. */
  readonly topic: string;
  /** The partition read. */
  readonly partition: number;
  /** Fetched-ahead records; its `end` is where the next Fetch starts. */
  readonly #buffer: RecordBuffer;
  /** Records that make the buffer full. */
  readonly #maxBuffered: number;
  /** Isolation level of the Fetch requests (1 = read_committed). */
  readonly #isolation: number;
  /** This reader's own cluster: metadata and broker connections. */
  readonly #cluster: FetchCluster;
  /** Calls to wake when the buffer changes, the reader fails or closes. */
  readonly #waiters = new Set<() => void>();
  /** Settles once the reader knows where to start (given, or its first fetch) or closes. */
  readonly #positioned: Promise<void>;
  /** Settles {@link #positioned}; undefined once it has. */
  #position: (() => void) | undefined;
  /** Bumped by every seek: a response to a request from before a seek extends the buffer only where it covers it. */
  #generation = 0;
  /** The partition's leader, until a failure makes it look again. */
  #leader: FetchBroker | undefined;
  /** Why the reader stopped for good; undefined while it runs. */
  #failure: unknown = undefined;
  /** Set by close(). */
  #closed = false;
  /** Whether a Fetch got an answer once. */
  #connected = false;
  /** When the broker last answered a Fetch (epoch ms); moved on while nothing is asked (not positioned yet, buffer full). */
  #lastAnswerAt = Date.now();
  /** The fetch in progress, if any: fetches run one after another. */
  #busy: Promise<unknown> = Promise.resolve();

  /**
   * Connects (its own cluster) and starts fetching in the background; {@link fetch} waits for
   * its records. Without `offset` (a reader made ahead of its first fetch), it connects and
   * finds the partition's leader now, and fetches once the first {@link fetch} says where.
   *
   * @param clusters - makes the reader's cluster
   * @param topic - the topic
   * @param partition - the partition
   * @param offset - where to start reading; undefined: where the first fetch asks
   * @param settings - isolation level and buffer size
   */
  constructor(clusters: ClusterFactory, topic: string, partition: number, offset: number | undefined, settings: PartitionReaderSettings) {
    this.topic = topic;
    this.partition = partition;
    this.#buffer = new RecordBuffer(offset ?? 0);
    let position: (() => void) | undefined;
    this.#positioned = offset === undefined ? new Promise((resolve) => (position = resolve)) : Promise.resolve();
    this.#position = position;
    this.#maxBuffered = settings.maxBufferedRecords;
    this.#isolation = settings.readCommitted ? 1 : 0;
    this.#cluster = clusters();
    void this.#run();
  }

  /** Whether a Fetch of this reader got an answer once. */
  get joined(): boolean {
    return this.#connected;
  }

  /** Why the reader stopped for good (a batch that does not decode, denied access); undefined while it runs. */
  get failure(): unknown {
    return this.#failure;
  }

  /** How long no Fetch of this reader got an answer, in ms (since it was made, until the first answer). */
  silentForMs(now = Date.now()): number {
    return now - this.#lastAnswerAt;
  }

  /**
   * Records at offsets `>= offset`, at most `maxRecords`, waiting up to `maxWaitMs` for a first
   * one (or for the end to move past `offset`). Calls run one at a time.
   *
   * @param offset - the first offset wanted
   * @param maxRecords - at most this many records
   * @param maxWaitMs - how long to wait when nothing is buffered
   * @param signal - ends the wait early
   * @returns the records and where to fetch next
   * @throws the reader's {@link failure}
   */
  fetch(offset: number, maxRecords: number, maxWaitMs: number, signal?: AbortSignal): Promise<FetchResult> {
    const run = this.#busy.then(() => this.#fetch(offset, maxRecords, maxWaitMs, signal));
    this.#busy = run.catch(() => undefined);
    return run;
  }

  /** Stops fetching and closes the connections. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#notify();
    this.#positionAt(undefined);
    // The loop ends once the Fetch in flight settles (the disconnect fails it, or it answers
    // within its 200 ms wait): not awaited here.
    await this.#cluster.disconnect().catch(() => undefined);
  }

  async #fetch(offset: number, maxRecords: number, maxWaitMs: number, signal: AbortSignal | undefined): Promise<FetchResult> {
    if (this.#position !== undefined) this.#positionAt(offset);
    else if (!this.#buffer.covers(offset)) this.#seek(offset);
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
      const result = this.#buffer.take(offset, maxRecords);
      if (result.records.length > 0 || result.nextOffset > offset) {
        this.#notify(); // room for the fetch loop
        return result;
      }
      if (this.#failure !== undefined) throw this.#failure;
      const left = deadline - Date.now();
      if (left <= 0 || this.#closed || signal?.aborted === true) return result;
      await this.#changed(left, signal);
    }
  }

  /** The fetch loop: connect, wait for a position, then Fetch from the buffer's end while there is room. */
  async #run(): Promise<void> {
    let backoff = FIRST_BACKOFF_MS;
    if (this.#position !== undefined) await this.#findLeader().catch(() => undefined); // prepared: connect meanwhile
    await this.#positioned;
    /** A Fetch sent ahead (pipelining): from where, in which generation. */
    let ahead: { from: number; generation: number; response: Promise<RawFetchPartition | undefined> } | undefined;
    while (!this.#closed && this.#failure === undefined) {
      if (ahead === undefined && this.#buffer.size >= this.#maxBuffered) {
        await this.#changed(POLL_WAIT_MS * 5);
        this.#lastAnswerAt = Date.now(); // nothing was asked meanwhile: no silence to count
        continue;
      }
      const { from, generation, response } = ahead ?? this.#send(this.#buffer.end);
      ahead = undefined;
      try {
        const data = await response;
        this.#connected = true;
        this.#lastAnswerAt = Date.now();
        backoff = FIRST_BACKOFF_MS;
        if (data === undefined) continue;
        const { readable, last } = readableRecords(data, from, this.#isolation === 1);
        if (last < from) continue; // nothing at or after `from` yet: the next Fetch waits on the broker
        const contiguous = generation === this.#generation;
        // Send the next Fetch before converting these records, so the broker reads while we do.
        if (contiguous && this.#buffer.size < this.#maxBuffered) ahead = this.#send(last + 1);
        if (this.#buffer.append(from, readable.map(toLogRecord), last, contiguous)) this.#notify();
      } catch (error) {
        if (this.#closed) return;
        if (error instanceof SdfError && !error.retriable) return this.#fail(error);
        const reason = (error as { name?: string } | null)?.name;
        if (reason === "KafkaJSOffsetOutOfRange") {
          this.#lastAnswerAt = Date.now();
          if (await this.#outOfRange(from, generation)) continue;
        } else {
          const typed = kafkaError(error, { action: "read", input: `kafka://${this.topic}/${this.partition}`, brokers: "", position: from });
          if (!typed.retriable && !isLeadershipChange(error)) return this.#fail(error);
          this.#leader = undefined; // look for the leader again: it may have moved
        }
        await this.#changed(backoff);
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
      }
    }
    ahead?.response.catch(() => undefined);
  }

  /** Sends a Fetch from `from` (its failure is handled where it is awaited). */
  #send(from: number): { from: number; generation: number; response: Promise<RawFetchPartition | undefined> } {
    const response = this.#fetchOnce(from);
    response.catch(() => undefined); // awaited later; not an unhandled rejection meanwhile
    return { from, generation: this.#generation, response };
  }

  /** One Fetch from `from`; undefined when the response has nothing for this partition. */
  async #fetchOnce(from: number): Promise<RawFetchPartition | undefined> {
    const broker = await this.#findLeader();
    try {
      const response = await broker.fetch({
        replicaId: -1,
        isolationLevel: this.#isolation,
        maxWaitTime: POLL_WAIT_MS,
        minBytes: 1,
        maxBytes: PARTITION_MAX_BYTES,
        topics: [{ topic: this.topic, partitions: [{ partition: this.partition, fetchOffset: String(from), maxBytes: PARTITION_MAX_BYTES }] }],
      });
      return response.responses.find((r) => r.topicName === this.topic)?.partitions.find((p) => p.partition === this.partition);
    } catch (error) {
      throw this.#undecodable(error, from) ?? error;
    }
  }

  async #findLeader(): Promise<FetchBroker> {
    if (this.#leader !== undefined) return this.#leader;
    if (!this.#connected) await this.#cluster.connect();
    await this.#cluster.addTargetTopic(this.topic);
    await this.#cluster.refreshMetadata();
    const leaders = this.#cluster.findLeaderForPartitions(this.topic, [this.partition]);
    const nodeId = Object.keys(leaders)[0];
    if (nodeId === undefined) {
      throw new TransientIoError(`No leader is known for kafka://${this.topic}/${this.partition} (moving, or the partition is new); retrying finds it`, { context: { input: `kafka://${this.topic}/${this.partition}` } });
    }
    this.#leader = await this.#cluster.findBroker({ nodeId });
    return this.#leader;
  }

  /** After OFFSET_OUT_OF_RANGE: below the log start, move on to it (retention); past the end, wait. Returns whether to fetch again at once. */
  async #outOfRange(from: number, generation: number): Promise<boolean> {
    const ask = (fromBeginning: boolean): Promise<number> =>
      this.#cluster.fetchTopicsOffset([{ topic: this.topic, fromBeginning, partitions: [{ partition: this.partition }] }]).then((all) => Number(all[0]?.partitions[0]?.offset ?? NaN));
    try {
      const earliest = await ask(true);
      if (generation !== this.#generation || !Number.isSafeInteger(earliest)) return false;
      if (from < earliest) {
        if (this.#buffer.append(from, [], earliest - 1, true)) this.#notify();
        return true;
      }
    } catch {
      // Looked up again on the next failure.
    }
    return false;
  }

  /** A decoding failure as a typed error naming the partition and offset; undefined for any other failure. */
  #undecodable(error: unknown, from: number): SdfError | undefined {
    for (let e: unknown = error, depth = 0; e !== null && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
      if (e instanceof CorruptInputError || e instanceof UnsupportedFormatError) {
        const input = `kafka://${this.topic}/${this.partition}`;
        const Type = e instanceof CorruptInputError ? CorruptInputError : UnsupportedFormatError;
        return new Type(`Cannot read ${input} at offset ${from}: a record batch at or after it does not decode (${e.message}); the topic holds data no Kafka client can read there, or was written by an incompatible producer`, {
          cause: e,
          context: { input, position: String(from) },
        });
      }
    }
    return undefined;
  }

  /** Starts a reader made without an offset at `offset`. */
  #positionAt(offset: number | undefined): void {
    const position = this.#position;
    if (position === undefined) return;
    this.#position = undefined;
    this.#lastAnswerAt = Date.now(); // silence counts from the first request, not from prepare()
    if (offset !== undefined) this.#buffer.reset(offset);
    position();
  }

  #seek(offset: number): void {
    this.#buffer.reset(offset);
    this.#generation++;
    this.#notify(); // a fetch loop waiting for room has it now
  }

  #fail(error: unknown): void {
    if (this.#failure === undefined && !this.#closed) this.#failure = error;
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
