import type { KafkaMessage } from "kafkajs";
import type { LogRecord } from "../log/LogRecord.js";

/**
 * A kafkajs message as a {@link LogRecord}: offset and timestamp as numbers, headers as
 * `Buffer`s (kafkajs gives an array when a name repeats: the last value is kept).
 *
 * @param message - one message of a kafkajs batch
 * @returns the record
 */
export function toLogRecord(message: KafkaMessage): LogRecord {
  // Most records have no headers: they share one frozen empty object (one allocation less per record).
  let headers: Record<string, Buffer | undefined> = NO_HEADERS;
  const raw = message.headers;
  if (raw !== undefined) {
    for (const name in raw) {
      if (headers === NO_HEADERS) headers = {};
      const given = raw[name];
      const value = Array.isArray(given) ? given[given.length - 1] : given;
      headers[name] = value === undefined || value === null ? undefined : typeof value === "string" ? Buffer.from(value) : value;
    }
  }
  return { offset: Number(message.offset), timestamp: Number(message.timestamp), key: message.key ?? null, value: message.value ?? null, headers };
}

const NO_HEADERS: Record<string, Buffer | undefined> = Object.freeze({}) as Record<string, Buffer | undefined>;
