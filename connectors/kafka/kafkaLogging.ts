import kafkajs from "kafkajs";
import type { logCreator, LogEntry } from "kafkajs";

const { logLevel: LEVEL } = kafkajs;

/** The levels of kafkajs's log entries, by name. */
export type KafkaLogLevel = "error" | "warn" | "info" | "debug";

/** One kafkajs log entry, as `KafkaLog`'s `onLog` receives it. */
export interface KafkaLogEntry {
  /** Its level. */
  readonly level: KafkaLogLevel;
  /** The kafkajs component: `Consumer`, `Connection`, `BrokerPool`, … */
  readonly namespace: string;
  /** The message. */
  readonly message: string;
  /** kafkajs's structured fields (broker, groupId, error, …); never credentials, which kafkajs does not log. */
  readonly extra: Readonly<Record<string, unknown>>;
}

const NAMES: Readonly<Record<number, KafkaLogLevel>> = {
  [LEVEL.ERROR]: "error",
  [LEVEL.WARN]: "warn",
  [LEVEL.INFO]: "info",
  [LEVEL.DEBUG]: "debug",
};

const LEVELS: Readonly<Record<KafkaLogLevel, number>> = { error: LEVEL.ERROR, warn: LEVEL.WARN, info: LEVEL.INFO, debug: LEVEL.DEBUG };

/**
 * The `logLevel` and `logCreator` for a kafkajs client that `KafkaLog` creates.
 *
 * kafkajs's default logger prints JSON lines to the console, and logs at ERROR level things a
 * reader recovers from (every error response, connection retries while a broker restarts,
 * consumer crashes that sdfkit handles). `KafkaLog` reports what matters as typed errors, so by
 * default nothing is logged; with `onLog`, entries at `level` and above go there.
 *
 * @param onLog - where entries go; undefined: nowhere
 * @param level - the lowest level passed on @defaultValue "warn"
 * @returns options for `new Kafka({ ... })`
 *
 * @example
 * ```ts
 * new Kafka({ brokers, ...kafkaLogging((entry) => console.warn(entry.namespace, entry.message)) });
 * ```
 */
export function kafkaLogging(onLog: ((entry: KafkaLogEntry) => void) | undefined, level: KafkaLogLevel = "warn"): { logLevel: number; logCreator: logCreator } {
  if (onLog === undefined) return { logLevel: LEVEL.NOTHING, logCreator: () => () => {} };
  return {
    logLevel: LEVELS[level],
    logCreator: () => (entry: LogEntry) => {
      const { message, timestamp: _timestamp, logger: _logger, ...extra } = entry.log as { message: string; [key: string]: unknown };
      try {
        onLog({ level: NAMES[entry.level] ?? "info", namespace: entry.namespace, message, extra });
      } catch {
        // A failing log sink must not break the client.
      }
    },
  };
}
