import { InvalidOptionError } from "../../src/errors/InvalidOptionError.js";
import type { SdfModuleReference } from "../../src/sdf/SdfModuleReference.js";
import { LogSource } from "../log/LogSource.js";
import type { LogReadOptions } from "../log/LogSourceOptions.js";
import type { PartitionedLog } from "../log/PartitionedLog.js";
import { KafkaLog } from "./KafkaLog.js";
import type { KafkaLogOptions } from "./KafkaLogOptions.js";

/**
 * Options of {@link KafkaSource}: where the cluster is (`brokers`, or a kafkajs `kafka`
 * instance), and how to read (`from`, `until`, `commitOffsets`, decoders, watermarks, all
 * optional, as in DESIGN.md).
 */
export type KafkaSourceOptions<K = Buffer | null, V = Buffer | null> = LogReadOptions<K, V> &
  KafkaLogOptions & {
    /**
     * The log to read through instead of a kafkajs {@link KafkaLog} made from `brokers`/`kafka`
     * (then leave those and the other `KafkaLog` options out), e.g.
     * `new PlatformaticKafkaLog({ brokers })`. `close()` closes it.
     */
    readonly log?: PartitionedLog;
  };

/**
 * Reads Kafka topics as an SDF: `LogSource` over a {@link KafkaLog}. Element = topic;
 * restriction = per-partition offset ranges (a growable range up to the latest offset, or a
 * bounded one with `until`); outputs `{ topic, partition, offset, key, value, timestamp,
 * headers }`.
 *
 * Each partition being read is fetched from its offset directly (Fetch requests through
 * kafkajs's protocol layer, a connection of its own per partition, no consumer group), with
 * gzip, snappy, lz4 and zstd batches decoded; readers are reused across bundles and closed when
 * idle. `commitOffsets.groupId` commits the next offsets after each bundle is delivered, for a
 * group sdfkit itself never joins (an OffsetCommit of generation -1).
 *
 * @example
 * ```ts
 * const source = new KafkaSource({ brokers: ["localhost:9092"], until: "latest", decodeValue: "json" });
 * for await (const message of new LocalRunner({ parallelism: 4 }).run(source, ["events"])) console.log(message.value);
 * ```
 */
export class KafkaSource<K = Buffer | null, V = Buffer | null> extends LogSource<K, V> {
  /** The options as given, for {@link KafkaSource.moduleReference}. */
  private readonly options: KafkaSourceOptions<K, V>;
  /**
   * @param options - `brokers` (or `kafka`) and the read options
   * @throws {@link InvalidOptionError} naming a bad option
   */
  constructor(options: KafkaSourceOptions<K, V>) {
    const { brokers, kafka, clientId, readCommitted, maxBufferedRecords, idleReaderMs, metadataCacheMs, onLog, logLevel, log: given, ...read } = options;
    if (given !== undefined) {
      const clash = Object.entries({ brokers, kafka, clientId, readCommitted, maxBufferedRecords, idleReaderMs, metadataCacheMs, onLog, logLevel }).filter(([, value]) => value !== undefined);
      if (clash.length > 0) throw new InvalidOptionError(`KafkaSource takes either \`log\` or the KafkaLog options, not both: set ${clash.map(([name]) => name).join(", ")} on the log you pass`);
      if (typeof given.fetch !== "function" || typeof given.offsets !== "function") throw new InvalidOptionError("Expected KafkaSource option `log` to be a PartitionedLog (e.g. new PlatformaticKafkaLog({ brokers }))");
    }
    const log = given ?? new KafkaLog({ brokers, kafka, clientId, readCommitted, maxBufferedRecords, idleReaderMs, metadataCacheMs, onLog, logLevel });
    super({ ...read, log });
    this.options = options;
  }

  /**
   * Lets worker threads and Beam workers in other processes load this source: possible when
   * every option is plain data (`brokers`, positions, named decoders such as `"json"`).
   * @throws {@link InvalidOptionError} naming the options that are objects or functions
   */
  override moduleReference(): SdfModuleReference {
    const live = Object.entries(this.options)
      .filter(([, value]) => typeof value === "function" || (typeof value === "object" && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype))
      .map(([name]) => name);
    if (live.length > 0) {
      throw new InvalidOptionError(
        `A KafkaSource with ${live.join(", ")} cannot be loaded in another thread or process (functions and client objects do not travel): ` +
          `pass \`brokers\` and named decoders ("string", "json") instead, or run it in the process that built it.`,
      );
    }
    return { url: import.meta.url, exportName: "KafkaSource", options: this.options };
  }

  /** Disconnects the partition readers and admin client this source made. Safe to call twice. */
  close(): Promise<void> {
    return this.log.close();
  }
}
