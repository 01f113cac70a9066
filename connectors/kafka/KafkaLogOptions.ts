import type { Kafka } from "kafkajs";
import { InvalidOptionError } from "../../src/errors/InvalidOptionError.js";
import type { KafkaLogEntry, KafkaLogLevel } from "./kafkaLogging.js";

/** Options of `KafkaLog`: exactly one of `brokers` and `kafka`, the rest optional. */
export interface KafkaLogOptions {
  /** Bootstrap brokers, `host:port`; `KafkaLog` then creates (and closes) its kafkajs client. */
  readonly brokers?: readonly string[];
  /**
   * A ready kafkajs 2.2.x `Kafka` instance (for SSL, SASL, a socket factory or your own logger);
   * it is yours: `close()` disconnects what `KafkaLog` created from it, not the instance. Reads
   * and commits go through its protocol layer (no consumer groups), so it must be kafkajs itself:
   * a client that only implements the KafkaJS API is refused.
   */
  readonly kafka?: Kafka;
  /** Client id of the kafkajs client `KafkaLog` creates from `brokers`. @defaultValue "sdfkit" */
  readonly clientId?: string;
  /**
   * Read only committed records of transactional producers (`read_committed`): aborted records
   * and those of open transactions are not returned, and `latest` is the last stable offset.
   * @defaultValue true
   */
  readonly readCommitted?: boolean;
  /** Records a partition reader fetches ahead before it stops fetching (plus at most one batch). @defaultValue 10000 */
  readonly maxBufferedRecords?: number;
  /** A partition reader nobody fetched from for this long is closed, in ms. @defaultValue 30000 */
  readonly idleReaderMs?: number;
  /** How long partition lists and offsets are cached (they are asked for often), in ms. @defaultValue 250 */
  readonly metadataCacheMs?: number;
  /** kafkajs log entries at `logLevel` and above go here; absent: kafkajs logs nothing (failures come out as typed errors). Only for a client created from `brokers`. */
  readonly onLog?: (entry: KafkaLogEntry) => void;
  /** The lowest level passed to `onLog`. @defaultValue "warn" */
  readonly logLevel?: KafkaLogLevel;
}

/** {@link KafkaLogOptions} checked, defaults filled in. */
export interface KafkaLogSettings {
  readonly brokers: readonly string[] | undefined;
  readonly kafka: Kafka | undefined;
  readonly clientId: string;
  readonly readCommitted: boolean;
  readonly maxBufferedRecords: number;
  readonly idleReaderMs: number;
  readonly metadataCacheMs: number;
  readonly onLog: ((entry: KafkaLogEntry) => void) | undefined;
  readonly logLevel: KafkaLogLevel;
}

const LOG_LEVELS: readonly string[] = ["error", "warn", "info", "debug"];

/**
 * Checks `KafkaLog`'s options and fills in defaults.
 *
 * @param options - as given
 * @returns the settings
 * @throws {@link InvalidOptionError} naming the option, what was expected and what came
 */
export function kafkaLogSettings(options: KafkaLogOptions): KafkaLogSettings {
  if (typeof options !== "object" || options === null) throw new InvalidOptionError(`Expected KafkaLog options to be an object with \`brokers\` or \`kafka\`, got ${String(options)}`);
  const { brokers, kafka } = options;
  if ((brokers === undefined) === (kafka === undefined)) {
    throw new InvalidOptionError(`Expected exactly one of \`brokers\` and \`kafka\` in KafkaLog options, got ${brokers === undefined ? "neither" : "both"}`);
  }
  if (brokers !== undefined && (!Array.isArray(brokers) || brokers.length === 0 || !brokers.every((b) => typeof b === "string" && /^[^\s]+:\d+$/.test(b)))) {
    throw new InvalidOptionError(`Expected \`brokers\` to be a non-empty array of "host:port" strings, got ${describe(Array.isArray(brokers) ? brokers.map((b: unknown) => (typeof b === "string" ? b.replace(/^[^@/]*@/, "") : b)) : brokers)}`);
  }
  if (kafka !== undefined && (typeof kafka !== "object" || kafka === null || typeof kafka.consumer !== "function" || typeof kafka.admin !== "function")) {
    throw new InvalidOptionError(`Expected \`kafka\` to be a kafkajs Kafka instance (with consumer() and admin()), got ${describe(kafka)}`);
  }
  if (kafka !== undefined) {
    const ignored = (["clientId", "onLog", "logLevel"] as const).filter((name) => options[name] !== undefined);
    if (ignored.length > 0) {
      throw new InvalidOptionError(`\`${ignored.join("`, `")}\` only apply to the client KafkaLog creates from \`brokers\`; configure the given \`kafka\` instance instead`);
    }
  }
  const clientId = options.clientId ?? "sdfkit";
  if (typeof clientId !== "string" || clientId === "") throw new InvalidOptionError(`Expected \`clientId\` to be a non-empty string, got ${describe(clientId)}`);
  const readCommitted = options.readCommitted ?? true;
  if (typeof readCommitted !== "boolean") throw new InvalidOptionError(`Expected \`readCommitted\` to be a boolean, got ${describe(readCommitted)}`);
  const maxBufferedRecords = options.maxBufferedRecords ?? 10_000;
  if (!Number.isSafeInteger(maxBufferedRecords) || maxBufferedRecords < 1) {
    throw new InvalidOptionError(`Expected \`maxBufferedRecords\` to be an integer >= 1, got ${describe(maxBufferedRecords)}`);
  }
  const idleReaderMs = checkMs("idleReaderMs", options.idleReaderMs, 30_000);
  const metadataCacheMs = checkMs("metadataCacheMs", options.metadataCacheMs, 250);
  if (options.onLog !== undefined && typeof options.onLog !== "function") throw new InvalidOptionError(`Expected \`onLog\` to be a function, got ${describe(options.onLog)}`);
  const logLevel = options.logLevel ?? "warn";
  if (!LOG_LEVELS.includes(logLevel)) throw new InvalidOptionError(`Expected \`logLevel\` to be one of ${LOG_LEVELS.join(", ")}, got ${describe(logLevel)}`);
  return { brokers: brokers === undefined ? undefined : [...brokers], kafka, clientId, readCommitted, maxBufferedRecords, idleReaderMs, metadataCacheMs, onLog: options.onLog, logLevel };
}

function checkMs(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw new InvalidOptionError(`Expected \`${name}\` to be a number of milliseconds >= 0, got ${describe(value)}`);
  return value;
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "function") return "a function";
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return `an object with keys ${JSON.stringify(Object.keys(value))}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
