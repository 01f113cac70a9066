import type { KafkaMessage } from "kafkajs";
import type { LogRecord } from "../log/LogRecord.js";

/**
 * A kafkajs message as a {@link LogRecord}: offset and timestamp as numbers, headers as
 * `Buffer`s (kafkajs gives an array when a name repeats: the last value is kept).
 *
 * @param message - one message of a kafkajs batch, or a record of a Fetch response
 * @returns the record
 */
export function toLogRecord(message: Pick<KafkaMessage, "offset" | "timestamp" | "key" | "value" | "headers">): LogRecord {
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
  return { offset: decimal(message.offset), timestamp: decimal(message.timestamp), key: message.key ?? null, value: message.value ?? null, headers };
}

const NO_HEADERS: Record<string, Buffer | undefined> = Object.freeze({}) as Record<string, Buffer | undefined>;

/**
 * The number a kafkajs offset or timestamp string holds. This runs twice per record: plain
 * digits (up to 15, so the result is exact) are summed directly, about twice as fast as
 * `Number()`; anything else (`-1`, a longer value) goes through `Number()`.
 */
function decimal(text: string): number {
  const length = text.length;
  if (length === 0 || length > 15) return Number(text);
  let value = 0;
  for (let i = 0; i < length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number(text);
    value = value * 10 + digit;
  }
  return value;
}
