import { setTimeout as sleep } from "node:timers/promises";
import { InvalidOptionError } from "../../src/errors/InvalidOptionError.js";
import { SdfError } from "../../src/errors/SdfError.js";
import { LocalRunner } from "../../src/runner/LocalRunner.js";
import type { LogMessage } from "../log/LogMessage.js";
import type { CommitOffset } from "../log/PartitionedLog.js";
import type { ExactlyOnceOptions, ExactlyOnceRecovery, ExactlyOnceReport } from "./ExactlyOnceOptions.js";
import { KafkaSink, type SinkRecord } from "./KafkaSink.js";
import { KafkaSource } from "./KafkaSource.js";

/** Running totals of one pipeline, across restarts. */
interface Totals {
  inputs: number;
  outputs: number;
  transactions: number;
  /** When the failure being recovered from happened; null when none is. */
  failedAt: number | null;
  /** Restarts since the last committed transaction. */
  failures: number;
  /** The message of the failure being recovered from. */
  lastError: string;
  readonly recoveries: ExactlyOnceRecovery[];
}

/**
 * Kafka → your transform → Kafka, exactly once end to end. Reads `topics` with a
 * `KafkaSource` that starts where `groupId` committed, maps every message with `transform`,
 * and writes the outputs with a transactional {@link KafkaSink} in transactions that also
 * commit the inputs' next offsets for `groupId`: outputs and progress become visible together
 * or not at all. A failure that may pass (a broker gone, a timeout) restarts the pipeline from
 * the committed offsets, with a new writer under the same `transactionalId` that aborts the
 * old one's open transaction; a process restarted with the same options does the same. Readers
 * of the output must read committed records only (`isolation.level=read_committed`; sdfkit's
 * `KafkaSource` does by default).
 *
 * Without a transactional sink, `LocalRunner`'s `checkpointDir` gives at-least-once across
 * crashes: outputs after the last checkpoint are produced again.
 *
 * @example
 * ```ts
 * const report = await runExactlyOnce({
 *   brokers: ["localhost:9092"], topics: ["orders"], groupId: "billing", until: "latest",
 *   read: { decodeValue: "json" }, outputTopic: "invoices", transactionalId: "billing-0",
 *   transform: (m) => [{ key: m.key, value: JSON.stringify(invoiceOf(m.value)) }],
 * });
 * ```
 * @param options - input, transform, output, transaction size and restarts
 * @returns totals and the recoveries it made, once the input ended (`until`) or `signal` aborted
 * @throws the first failure that is not retriable, or the last one after `maxRestarts`
 */
export async function runExactlyOnce<K = Buffer | null, V = Buffer | null>(options: ExactlyOnceOptions<K, V>): Promise<ExactlyOnceReport> {
  checkOptions(options);
  const totals: Totals = { inputs: 0, outputs: 0, transactions: 0, failedAt: null, failures: 0, lastError: "", recoveries: [] };
  const maxRestarts = options.maxRestarts ?? 20;
  for (;;) {
    try {
      await runAttempt(options, totals);
      if (totals.failedAt !== null) recovered(options, totals);
      return { inputs: totals.inputs, outputs: totals.outputs, transactions: totals.transactions, recoveries: totals.recoveries };
    } catch (caught) {
      const error = caught instanceof Error ? caught : new InvalidOptionError(`A function given in the options threw ${String(caught)}, which is not an Error; throw Error objects`);
      if (options.signal?.aborted === true || !isRestartable(error) || totals.failures >= maxRestarts) throw error;
      totals.failures++;
      totals.failedAt ??= Date.now();
      totals.lastError = error.message;
      const delayMs = Math.min(5000, (options.restartDelayMs ?? 250) * 2 ** (totals.failures - 1));
      options.onEvent?.({ kind: "restarting", attempt: totals.failures, error, delayMs });
      await sleep(delayMs);
    }
  }
}

/** One run of the pipeline from the committed offsets, until the input ends, `signal` stops it or something fails. */
async function runAttempt<K, V>(options: ExactlyOnceOptions<K, V>, totals: Totals): Promise<void> {
  const endpoint = options.kafka === undefined ? { brokers: options.brokers } : { kafka: options.kafka };
  const sink = new KafkaSink({ ...endpoint, transactionalId: options.transactionalId, ...(options.outputTopic === undefined ? {} : { topic: options.outputTopic }) });
  const source = new KafkaSource<K, V>({
    ...options.read,
    ...endpoint,
    from: { committedBy: options.groupId, otherwise: options.otherwise ?? "earliest" },
    ...(options.until === undefined ? {} : { until: options.until }),
  });
  const failure = new AbortController();
  const runner = new LocalRunner({ parallelism: options.parallelism ?? 4, signal: failure.signal });
  const stop = (): void => runner.drain();
  options.signal?.addEventListener("abort", stop);
  const batch = new TransactionBatch(options, sink, totals);
  const timer = setInterval(() => {
    if (batch.due()) batch.commit().catch((error: unknown) => failure.abort(error));
  }, Math.max(10, Math.floor((options.commitEveryMs ?? 100) / 2)));
  try {
    // Connect the writer first: that aborts a predecessor's open transaction, so the offsets
    // read next are final.
    await sink.connect();
    if (options.signal?.aborted === true) return;
    const commitEveryRecords = options.commitEveryRecords ?? 1000;
    for await (const messages of runner.runBatches(source, options.topics)) {
      for (const message of messages as LogMessage<K, V>[]) {
        const records = await options.transform(message);
        batch.add(message, records);
        if (batch.inputs >= commitEveryRecords) await batch.commit();
      }
      if (batch.due()) await batch.commit();
    }
    await batch.commit();
  } catch (error) {
    // A failed timer commit aborts the run with its error as the reason.
    throw failure.signal.aborted ? failure.signal.reason : error;
  } finally {
    clearInterval(timer);
    options.signal?.removeEventListener("abort", stop);
    await Promise.allSettled([batch.settled(), sink.close(), source.close()]);
  }
}

/** Outputs and input offsets not yet committed; commits run one after another. */
class TransactionBatch<K, V> {
  #records: SinkRecord[] = [];
  #offsets = new Map<string, CommitOffset>();
  inputs = 0;
  #since = 0;
  #chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: ExactlyOnceOptions<K, V>,
    private readonly sink: KafkaSink,
    private readonly totals: Totals,
  ) {}

  add(message: LogMessage<K, V>, records: readonly SinkRecord[]): void {
    if (this.inputs === 0) this.#since = Date.now();
    for (const record of records) this.#records.push(record);
    const key = `${message.topic}\u0000${message.partition}`;
    const next = message.offset + 1;
    if ((this.#offsets.get(key)?.offset ?? -1) < next) this.#offsets.set(key, { topic: message.topic, partition: message.partition, offset: next });
    this.inputs++;
  }

  /** Whether the oldest uncommitted input waited `commitEveryMs`. */
  due(): boolean {
    return this.inputs > 0 && Date.now() - this.#since >= (this.options.commitEveryMs ?? 100);
  }

  /** Commits what was added so far as one transaction, after the commits before it. */
  commit(): Promise<void> {
    if (this.inputs === 0) return this.#chain;
    const records = this.#records;
    const offsets = [...this.#offsets.values()];
    const inputs = this.inputs;
    this.#records = [];
    this.#offsets = new Map();
    this.inputs = 0;
    this.#chain = this.#chain.then(async () => {
      await this.sink.writeTransaction(records, this.options.groupId, offsets);
      const totals = this.totals;
      totals.inputs += inputs;
      totals.outputs += records.length;
      totals.transactions++;
      if (totals.failedAt !== null) recovered(this.options, totals);
      this.options.onEvent?.({ kind: "committed", records: records.length, inputs, totalInputs: totals.inputs });
    });
    return this.#chain;
  }

  /** Resolves when no commit is running (failures are the caller's). */
  settled(): Promise<void> {
    return this.#chain.catch(() => undefined);
  }
}

function recovered<K, V>(options: ExactlyOnceOptions<K, V>, totals: Totals): void {
  const recoveredInMs = Date.now() - (totals.failedAt ?? Date.now());
  const last = totals.failures;
  totals.recoveries.push({ error: totals.lastError, recoveredInMs });
  totals.failedAt = null;
  totals.failures = 0;
  options.onEvent?.({ kind: "recovered", attempt: last, recoveredInMs });
}

/** Retriable sdfkit errors restart the pipeline; anything else (bad options, a fenced writer, a bug) ends it. */
function isRestartable(error: Error): boolean {
  return error instanceof SdfError && error.retriable;
}

function checkOptions<K, V>(options: ExactlyOnceOptions<K, V>): void {
  if (typeof options !== "object" || options === null) throw new InvalidOptionError("Expected runExactlyOnce options to be an object.");
  if (!Array.isArray(options.topics) || options.topics.length === 0 || !options.topics.every((t) => typeof t === "string" && t !== "")) {
    throw new InvalidOptionError(`Expected \`topics\` to be a non-empty array of topic names, got ${JSON.stringify(options.topics)}.`);
  }
  if (typeof options.groupId !== "string" || options.groupId === "") throw new InvalidOptionError(`Expected \`groupId\` to be a non-empty string, got ${JSON.stringify(options.groupId)}.`);
  if (typeof options.transform !== "function") throw new InvalidOptionError("Expected `transform` to be a function from a message to the records to write.");
  for (const name of ["commitEveryRecords", "commitEveryMs", "parallelism", "restartDelayMs"] as const) {
    const value = options[name];
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= 1)) throw new InvalidOptionError(`Expected \`${name}\` to be an integer >= 1, got ${String(value)}.`);
  }
  if (options.maxRestarts !== undefined && !(Number.isSafeInteger(options.maxRestarts) && options.maxRestarts >= 0)) {
    throw new InvalidOptionError(`Expected \`maxRestarts\` to be an integer >= 0, got ${String(options.maxRestarts)}.`);
  }
}
