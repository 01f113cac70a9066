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
  const headers: Record<string, Buffer | undefined> = {};
  if (message.headers !== undefined) {
    for (const [name, raw] of Object.entries(message.headers)) {
      const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
      headers[name] = value === undefined || value === null ? undefined : typeof value === "string" ? Buffer.from(value) : value;
    }
  }
  return { offset: Number(message.offset), timestamp: Number(message.timestamp), key: message.key ?? null, value: message.value ?? null, headers };
}
