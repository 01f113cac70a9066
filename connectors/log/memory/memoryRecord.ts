import { InvalidOptionError } from "../../../src/errors/InvalidOptionError.js";
import { describeValue } from "./memoryArgs.js";
import type { LogRecord } from "../LogRecord.js";

/**
 * A record to append to a `MemoryLog`. Strings are stored as their UTF-8 bytes; bytes are
 * copied, so the caller may reuse its buffers after `append` returns.
 *
 * @example
 * ```ts
 * log.append("events", { key: "user-7", value: JSON.stringify({ clicked: true }), headers: { source: "web" } });
 * ```
 */
export interface NewLogRecord {
  /** The partition to append to. @defaultValue by key hash (Kafka's murmur2), round-robin for a null key */
  readonly partition?: number;
  /** The key, or null. @defaultValue null */
  readonly key?: Uint8Array | string | null;
  /** The value, or null (a tombstone). */
  readonly value: Uint8Array | string | null;
  /** Create time, epoch milliseconds: any safe integer, not necessarily increasing (Kafka's CreateTime). @defaultValue the log's clock */
  readonly timestamp?: number;
  /** Headers by name. @defaultValue none */
  readonly headers?: Readonly<Record<string, Uint8Array | string>>;
}

/** Where `MemoryLog.append` put a record. */
export interface AppendResult {
  /** The partition. */
  readonly partition: number;
  /** The offset it got. */
  readonly offset: number;
}

/** A record before it has an offset: what a partition stores, validated and copied. @internal */
export type RecordBody = Omit<LogRecord, "offset">;

/** The headers of a record without headers, shared (frozen). */
const NO_HEADERS: Readonly<Record<string, Buffer | undefined>> = Object.freeze({});

/**
 * Validates a {@link NewLogRecord} and copies it into a {@link RecordBody} (frozen headers; the
 * partition freezes the record when it gives it an offset).
 *
 * @param input - the record given to `append`
 * @param defaultTimestamp - gives its timestamp when it has none
 * @param where - the topic, for messages
 * @returns the key, value, timestamp and headers as stored
 * @throws {@link InvalidOptionError} for a key, value, header or timestamp of the wrong type
 * @internal
 */
export function toRecordBody(input: NewLogRecord, defaultTimestamp: () => number, where: string): RecordBody {
  if (typeof input !== "object" || input === null) {
    throw new InvalidOptionError(`Expected a record { key?, value, timestamp?, headers?, partition? } to append to ${where}, got ${describeValue(input)}`);
  }
  const timestamp = input.timestamp ?? defaultTimestamp();
  if (!Number.isSafeInteger(timestamp)) {
    throw new InvalidOptionError(`Expected \`timestamp\` of a record appended to ${where} to be a safe integer (epoch ms), got ${describeValue(input.timestamp)}`);
  }
  return {
    timestamp,
    key: toBytes(input.key ?? null, "key", where, true),
    value: toBytes(input.value, "value", where, true),
    headers: input.headers === undefined || input.headers === null ? NO_HEADERS : copyHeaders(input.headers, (value, name) => toBytes(value, `header ${JSON.stringify(name)}`, where, false) as Buffer),
  };
}

/**
 * A copy of a stored record that its reader owns: new buffers and header object, frozen.
 *
 * @param record - the stored record
 * @returns a record equal to it that shares no mutable memory with the log
 * @internal
 */
export function snapshotRecord(record: LogRecord): LogRecord {
  return Object.freeze({
    offset: record.offset,
    timestamp: record.timestamp,
    key: copy(record.key),
    value: copy(record.value),
    headers: record.headers === NO_HEADERS ? NO_HEADERS : copyHeaders(record.headers, (value) => (value === undefined ? undefined : Buffer.from(value))),
  });
}

/** Frozen headers with each value mapped; an object with none is the shared {@link NO_HEADERS}. */
function copyHeaders<T>(headers: Readonly<Record<string, T>>, map: (value: T, name: string) => Buffer | undefined): Readonly<Record<string, Buffer | undefined>> {
  const names = Object.keys(headers);
  if (names.length === 0) return NO_HEADERS;
  // Object.fromEntries, not assignment: a header named __proto__ stays an own property.
  return Object.freeze(Object.fromEntries(names.map((name) => [name, map(headers[name] as T, name)])));
}

function copy(bytes: Buffer | null): Buffer | null {
  return bytes === null ? null : Buffer.from(bytes);
}

function toBytes(value: unknown, what: string, where: string, nullable: boolean): Buffer | null {
  if (typeof value === "string") return Buffer.from(value, "utf8");
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (value === null && nullable) return null;
  throw new InvalidOptionError(
    `Expected the ${what} of a record appended to ${where} to be a Buffer, Uint8Array or string${nullable ? " or null" : ""}, got ${describeValue(value)}`,
  );
}
