import { InvalidArgumentError } from "commander";
import { JsonLinesSource } from "../connectors/files/JsonLinesSource.js";
import { TextFileSource } from "../connectors/files/TextFileSource.js";
import { KafkaSource } from "../connectors/kafka/KafkaSource.js";
import { ParquetSource } from "../connectors/parquet/ParquetSource.js";
import { jsonSafe } from "./jsonSafe.js";
import type { LogEnd, LogStart } from "../connectors/log/LogSourceOptions.js";
import type { AnySplittableDoFn } from "../src/runner/LocalRunner.js";

/** Options of `sdfkit read` that choose and configure the source. */
export interface ReadPlanOptions {
  /** `text`, `jsonl` or `parquet`; absent: by extension. */
  format?: string;
  /** Bytes per initial split of files. */
  splitSize?: number;
  /** Record delimiter of text files, with `\n`, `\r`, `\t` escapes. */
  delimiter?: string;
  /** Header lines to skip in each text file. */
  skipHeader?: number;
  /** Parquet: the columns to read, comma-separated. */
  columns?: string;
  /** Kafka start: `earliest`, `latest`, an ISO time or epoch ms. */
  from?: string;
  /** Kafka end: `latest`, an ISO time or epoch ms; absent: unbounded. */
  until?: string;
}

/** What to run: a source, its elements, and how to print its records. */
export interface ReadPlan {
  /** The source. */
  readonly sdf: AnySplittableDoFn<string, unknown>;
  /** Its elements (URIs and globs, or topics). */
  readonly elements: string[];
  /** Whether the read ends on its own. */
  readonly bounded: boolean;
  /** Whether the source's backlog counts bytes (files and objects) rather than records. */
  readonly backlogInBytes: boolean;
  /** The record as one line of `--output lines`. */
  readonly toLine: (record: unknown) => string;
  /** The record as a JSON value for `--output jsonl`. */
  readonly toJson: (record: unknown) => unknown;
  /** Releases clients (Kafka). */
  readonly close: () => Promise<void>;
}

const KAFKA = /^kafka:\/\/([^/]+)\/([^/]+)$/i;

/**
 * Chooses the source for the inputs of `sdfkit read`: files and objects (`/path`, globs,
 * `file://`, `s3://`, `gs://`) as text, JSON lines or Parquet rows, or Kafka topics (`kafka://host:port/topic`).
 *
 * @param inputs - the command's arguments
 * @param options - format, split size, delimiter, header, Kafka positions
 * @returns the plan
 * @throws `InvalidArgumentError` (a usage error) for mixed inputs or bad values
 */
export function planRead(inputs: readonly string[], options: ReadPlanOptions): ReadPlan {
  const kafka = inputs.filter((input) => input.toLowerCase().startsWith("kafka://"));
  if (kafka.length > 0) {
    if (kafka.length !== inputs.length) throw new InvalidArgumentError("Read either Kafka topics or files in one command, not both.");
    return kafkaPlan(kafka, options);
  }
  if (options.from !== undefined || options.until !== undefined) throw new InvalidArgumentError("--from and --until apply to kafka:// inputs only.");
  const format = options.format ?? formatByExtension(inputs);
  if (format !== "text" && format !== "jsonl" && format !== "parquet") throw new InvalidArgumentError(`Expected --format text, jsonl or parquet, got ${format}.`);
  if (options.columns !== undefined && format !== "parquet") throw new InvalidArgumentError("--columns applies to Parquet inputs only.");
  const common = { ...(options.splitSize === undefined ? {} : { desiredSplitSize: options.splitSize }) };
  if (format === "parquet") {
    const columns = options.columns?.split(",").map((c) => c.trim());
    const parquet = new ParquetSource({ ...common, ...(columns === undefined ? {} : { columns }) });
    return filesPlan(inputs, parquet, (record) => JSON.stringify(jsonSafe(record)), jsonSafe);
  }
  if (format === "jsonl") {
    return filesPlan(inputs, new JsonLinesSource(common), (record) => JSON.stringify(record), (record) => record);
  }
  const text = new TextFileSource({
    ...common,
    ...(options.delimiter === undefined ? {} : { delimiter: unescape(options.delimiter) }),
    ...(options.skipHeader === undefined ? {} : { skipHeaderLines: options.skipHeader }),
  });
  return filesPlan(inputs, text, (record) => String(record), (record) => record);
}

function filesPlan(inputs: readonly string[], sdf: AnySplittableDoFn<string, unknown>, toLine: (r: unknown) => string, toJson: (r: unknown) => unknown): ReadPlan {
  return { sdf, elements: [...inputs], bounded: true, backlogInBytes: true, toLine, toJson, close: () => Promise.resolve() };
}

function kafkaPlan(inputs: readonly string[], options: ReadPlanOptions): ReadPlan {
  const parsed = inputs.map((input) => {
    const match = KAFKA.exec(input);
    if (match === null) throw new InvalidArgumentError(`Expected kafka://host:port[,host:port]/topic, got ${input}.`);
    return { brokers: (match[1] as string).split(","), topic: decodeURIComponent(match[2] as string) };
  });
  const brokers = parsed[0]?.brokers ?? [];
  if (parsed.some((p) => p.brokers.join(",") !== brokers.join(","))) throw new InvalidArgumentError("All kafka:// inputs of one command must name the same brokers.");
  const until = options.until === undefined ? undefined : position(options.until, "--until") as LogEnd;
  const sdf = new KafkaSource({
    brokers,
    ...(options.from === undefined ? {} : { from: position(options.from, "--from") as LogStart }),
    ...(until === undefined ? {} : { until }),
  });
  const text = (bytes: Buffer | null): string | null => (bytes === null ? null : bytes.toString("utf8"));
  return {
    sdf: sdf as unknown as AnySplittableDoFn<string, unknown>,
    elements: parsed.map((p) => p.topic),
    bounded: until !== undefined,
    backlogInBytes: false,
    toLine: (record) => text((record as { value: Buffer | null }).value) ?? "",
    toJson: (record) => {
      const m = record as { topic: string; partition: number; offset: number; key: Buffer | null; value: Buffer | null; timestamp: number; headers: Record<string, Buffer | undefined> };
      const headers = Object.fromEntries(Object.entries(m.headers).map(([name, value]) => [name, value === undefined ? null : value.toString("utf8")]));
      return { topic: m.topic, partition: m.partition, offset: m.offset, key: text(m.key), value: text(m.value), timestamp: m.timestamp, headers };
    },
    close: () => sdf.close(),
  };
}

function position(text: string, flag: string): LogStart | LogEnd {
  if (text === "earliest" && flag === "--from") return "earliest";
  if (text === "latest") return "latest";
  const timestamp = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isSafeInteger(timestamp)) {
    throw new InvalidArgumentError(`Expected ${flag} to be ${flag === "--from" ? "earliest, " : ""}latest, an ISO time or epoch milliseconds, got ${text}.`);
  }
  return { timestamp };
}

function formatByExtension(inputs: readonly string[]): string {
  const formats = new Set(inputs.map((input) => (/\.parquet$/i.test(input) ? "parquet" : /\.(jsonl|ndjson)(\.gz|\.zst)?$/i.test(input) ? "jsonl" : "text")));
  if (formats.size > 1) throw new InvalidArgumentError(`The inputs mix formats (${[...formats].join(", ")}); read them in separate commands or pass --format.`);
  return [...formats][0] ?? "text";
}

function unescape(delimiter: string): string {
  return delimiter.replace(/\\([nrt\\])/g, (_, c: string) => (c === "n" ? "\n" : c === "r" ? "\r" : c === "t" ? "\t" : "\\"));
}
