import { InputAccessError } from "../../src/errors/InputAccessError.js";
import { InputNotFoundError } from "../../src/errors/InputNotFoundError.js";
import { SdfError } from "../../src/errors/SdfError.js";
import { TransientIoError } from "../../src/errors/TransientIoError.js";
import { isTransientNetworkError } from "../objects/networkErrors.js";

/** Where a Kafka call failed, for the message: what was done, to what, on which cluster. */
export interface KafkaErrorSite {
  /** What was being done: `read`, `list the partitions of`, `commit offsets for`. */
  readonly action: string;
  /** The input: `kafka://topic` or `kafka://topic/partition`. */
  readonly input: string;
  /** The brokers, as {@link describeBrokers} gives them. */
  readonly brokers: string;
  /** The offset reached, when reading. */
  readonly position?: number;
}

/** Protocol error types that say the topic or partition does not exist. */
const NOT_FOUND = new Set(["UNKNOWN_TOPIC_OR_PARTITION", "UNKNOWN_TOPIC_ID", "INVALID_TOPIC_EXCEPTION"]);

/** Protocol error types that say the principal may not do this, with what to grant. */
const DENIED: Readonly<Record<string, string>> = {
  TOPIC_AUTHORIZATION_FAILED: "grant the client's principal READ and DESCRIBE on the topic",
  GROUP_AUTHORIZATION_FAILED: "grant the client's principal READ on the consumer group named in commitOffsets or committedBy",
  CLUSTER_AUTHORIZATION_FAILED: "grant the client's principal DESCRIBE on the cluster",
  TRANSACTIONAL_ID_AUTHORIZATION_FAILED: "grant the client's principal the transactional id it uses",
};

/** Protocol error types and kafkajs error names of a failed login. */
const AUTHENTICATION = new Set(["SASL_AUTHENTICATION_FAILED", "ILLEGAL_SASL_STATE", "UNSUPPORTED_SASL_MECHANISM", "KafkaJSSASLAuthenticationError"]);

/** kafkajs error names of a broker that is down, unreachable, slow or not ready yet. */
const TRANSIENT_NAMES = new Set([
  "KafkaJSConnectionError",
  "KafkaJSConnectionClosedError",
  "KafkaJSRequestTimeoutError",
  "KafkaJSNumberOfRetriesExceeded",
  "KafkaJSBrokerNotFound",
  "KafkaJSNoBrokerAvailableError",
  "KafkaJSMetadataNotLoaded",
  "KafkaJSTopicMetadataNotLoaded",
  "KafkaJSGroupCoordinatorNotFound",
  "KafkaJSStaleTopicMetadataAssignment",
  "KafkaJSTimeout",
  "KafkaJSLockTimeout",
]);

/**
 * Turns a kafkajs failure into sdfkit's typed errors, walking its `cause` chain (kafkajs wraps
 * the last error of a retry loop in `KafkaJSNumberOfRetriesExceeded`). Messages name the
 * input and the brokers and say what to do; never credentials (a SASL failure's own message is
 * left out).
 *
 * - `UNKNOWN_TOPIC_OR_PARTITION` → {@link InputNotFoundError}
 * - `*_AUTHORIZATION_FAILED`, SASL failures → {@link InputAccessError}
 * - connection errors, timeouts, exhausted retries, retriable protocol errors (a leader or
 *   coordinator moving or loading) → {@link TransientIoError}
 * - anything else → a non-retriable {@link InputAccessError}
 *
 * @param error - what kafkajs threw (an `SdfError` is returned as it is)
 * @param site - what was done to which input on which brokers
 * @returns the typed error
 *
 * @example
 * ```ts
 * try { await admin.fetchTopicOffsets(topic); }
 * catch (e) { throw kafkaError(e, { action: "list the offsets of", input: `kafka://${topic}`, brokers }); }
 * ```
 */
export function kafkaError(error: unknown, site: KafkaErrorSite): SdfError {
  if (error instanceof SdfError) return error;
  const chain = causes(error);
  const context = site.position === undefined ? { input: site.input } : { input: site.input, position: String(site.position) };
  const at = site.position === undefined ? "" : ` at offset ${site.position}`;
  const head = `Cannot ${site.action} ${site.input}${at}`;
  for (const link of chain) {
    const type = stringField(link, "type");
    const name = stringField(link, "name");
    if (type !== undefined && NOT_FOUND.has(type)) {
      return new InputNotFoundError(`${head}: no such topic or partition on ${site.brokers} (${type}); check the topic name and partition (sdfkit never creates topics)`, { cause: error, context });
    }
    const grant = type === undefined ? undefined : DENIED[type];
    if (grant !== undefined) return new InputAccessError(`${head}: access denied by ${site.brokers} (${type}); ${grant}`, { cause: error, context });
    if ((type !== undefined && AUTHENTICATION.has(type)) || (name !== undefined && AUTHENTICATION.has(name))) {
      return new InputAccessError(`${head}: authentication with ${site.brokers} failed (${type ?? name}); check the SASL mechanism and credentials of the Kafka client`, { cause: error, context });
    }
  }
  if (chain.some(isTransient)) {
    return new TransientIoError(`${head}: Kafka brokers ${site.brokers} unreachable or not ready (${describeKafkaFailure(error)}); retrying may succeed once they are back`, { cause: error, context });
  }
  return new InputAccessError(`${head} on ${site.brokers}: ${describeKafkaFailure(error)}`, { cause: error, context });
}

/**
 * The brokers of a cluster for messages: `host:port` joined by commas, anything that looks
 * like user info (`user:secret@`) removed.
 *
 * @param brokers - bootstrap brokers, or undefined when a ready `Kafka` instance was given
 * @returns e.g. `127.0.0.1:19092,127.0.0.1:19093`, or `(those of the given kafkajs client)`
 */
export function describeBrokers(brokers: readonly string[] | undefined): string {
  if (brokers === undefined) return "(those of the given kafkajs client)";
  return brokers.map((broker) => broker.replace(/^[^@/]*@/, "")).join(",");
}

/**
 * A short description of a kafkajs error: its name, protocol type and the root cause's
 * name, code and first message line (SASL messages left out).
 *
 * @param error - what kafkajs threw
 * @returns e.g. `KafkaJSNumberOfRetriesExceeded ← KafkaJSConnectionError ECONNREFUSED "Connection error: connect ECONNREFUSED 127.0.0.1:19092"`
 */
export function describeKafkaFailure(error: unknown): string {
  const chain = causes(error);
  const parts = chain.map((link) => {
    const name = stringField(link, "name") ?? "Error";
    const type = stringField(link, "type");
    const code = stringField(link, "code");
    return [name, type, code].filter((part) => part !== undefined).join(" ");
  });
  const root = chain[chain.length - 1];
  const rootName = stringField(root, "name") ?? "";
  const message = stringField(root, "message")?.split("\n")[0];
  const sasl = AUTHENTICATION.has(rootName) || /sasl|password|credential/i.test(message ?? "");
  const text = parts.join(" ← ");
  return message !== undefined && message !== "" && !sasl && message.length < 200 ? `${text} "${message}"` : text;
}

/** Protocol error types of a partition leader or group coordinator that is moving or starting. */
const MOVING = new Set([
  "NOT_LEADER_FOR_PARTITION",
  "NOT_LEADER_OR_FOLLOWER",
  "LEADER_NOT_AVAILABLE",
  "FENCED_LEADER_EPOCH",
  "UNKNOWN_LEADER_EPOCH",
  "REPLICA_NOT_AVAILABLE",
  "NOT_COORDINATOR",
  "NOT_COORDINATOR_FOR_GROUP",
  "COORDINATOR_NOT_AVAILABLE",
  "GROUP_COORDINATOR_NOT_AVAILABLE",
  "COORDINATOR_LOAD_IN_PROGRESS",
  "GROUP_LOAD_IN_PROGRESS",
]);

/**
 * Whether a kafkajs failure says that a partition leader or group coordinator is moving or
 * still starting (as right after a broker restart): asking again with fresh metadata a moment
 * later usually works, which kafkajs's admin calls do not do by themselves.
 *
 * @param error - what kafkajs threw
 * @returns true for such a failure anywhere in its cause chain
 */
export function isLeadershipChange(error: unknown): boolean {
  return causes(error).some((link) => {
    const type = stringField(link, "type");
    return type !== undefined && MOVING.has(type);
  });
}

/** Whether one error of a chain is a failure that retrying may cure. */
function isTransient(link: unknown): boolean {
  const name = stringField(link, "name");
  if (name !== undefined && TRANSIENT_NAMES.has(name)) return true;
  if (stringField(link, "type") !== undefined && typeof link === "object" && link !== null && (link as { retriable?: unknown }).retriable === true) return true;
  return isTransientNetworkError(link);
}

/** The error and its causes, outermost first (at most 6). */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let link: unknown = error; link !== undefined && link !== null && chain.length < 6; ) {
    chain.push(link);
    link = typeof link === "object" && "cause" in link ? link.cause : undefined;
  }
  return chain.length === 0 ? [error] : chain;
}

function stringField(value: unknown, field: string): string | undefined {
  if (typeof value !== "object" || value === null || !(field in value)) return undefined;
  const found = (value as Record<string, unknown>)[field];
  return typeof found === "string" && found !== "" ? found : typeof found === "number" && field === "code" ? String(found) : undefined;
}
