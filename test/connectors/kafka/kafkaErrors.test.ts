import kafkajs from "kafkajs";
import { describe, expect, it } from "vitest";
import { describeBrokers, describeKafkaFailure, isLeadershipChange, kafkaError, type KafkaErrorSite } from "../../../connectors/kafka/kafkaErrors.js";
import { InputAccessError } from "../../../src/errors/InputAccessError.js";
import { InputNotFoundError } from "../../../src/errors/InputNotFoundError.js";
import { SdfError } from "../../../src/errors/SdfError.js";
import { TransientIoError } from "../../../src/errors/TransientIoError.js";

const {
  KafkaJSConnectionError,
  KafkaJSError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSRequestTimeoutError,
  KafkaJSSASLAuthenticationError,
  KafkaJSGroupCoordinatorNotFound,
} = kafkajs;

/** Builds a kafkajs error with the arguments kafkajs itself passes (its typings list fewer). */
function make(type: unknown, ...args: unknown[]): Error {
  return new (type as new (...params: unknown[]) => Error)(...args);
}

const SITE: KafkaErrorSite = { action: "read", input: "kafka://events/3", brokers: "kafka-1:9092,kafka-2:9092", position: 120 };
const PASSWORD = "s3cr3t-sasl-password";

/** A protocol error as kafkajs builds it from an error code in a response. */
function protocolError(type: string, code: number, retriable: boolean, message = `${type} from the broker`): InstanceType<typeof KafkaJSProtocolError> {
  return new KafkaJSProtocolError({ type, code, retriable, message } as unknown as Error);
}

function refused(): InstanceType<typeof KafkaJSConnectionError> {
  return new KafkaJSConnectionError("Connection error: connect ECONNREFUSED 10.0.0.1:9092", { broker: "10.0.0.1:9092", code: "ECONNREFUSED" } as never);
}

/** Checks the class, retriability, the input and brokers in the message, and the context. */
function expectTyped(error: SdfError, type: new (...args: never[]) => SdfError, retriable: boolean): void {
  expect(error).toBeInstanceOf(type);
  expect(error.constructor).toBe(type);
  expect(error.retriable).toBe(retriable);
  expect(error.message).toContain("kafka://events/3");
  expect(error.message).toContain("at offset 120");
  expect(error.context).toEqual({ input: "kafka://events/3", position: "120" });
}

describe("kafkaError", () => {
  it("maps UNKNOWN_TOPIC_OR_PARTITION to an InputNotFoundError that names the input and the brokers", () => {
    const error = kafkaError(protocolError("UNKNOWN_TOPIC_OR_PARTITION", 3, true), SITE);
    expectTyped(error, InputNotFoundError, false);
    expect(error.message).toContain("kafka-1:9092,kafka-2:9092");
    expect(error.message).toMatch(/check the topic name/);
  });

  it("finds the protocol error inside KafkaJSNumberOfRetriesExceeded", () => {
    const error = kafkaError(new KafkaJSNumberOfRetriesExceeded(protocolError("UNKNOWN_TOPIC_OR_PARTITION", 3, true), { retryCount: 5, retryTime: 3000 }), SITE);
    expectTyped(error, InputNotFoundError, false);
  });

  it.each([
    ["TOPIC_AUTHORIZATION_FAILED", 29, /READ and DESCRIBE on the topic/],
    ["GROUP_AUTHORIZATION_FAILED", 30, /consumer group/],
    ["CLUSTER_AUTHORIZATION_FAILED", 31, /DESCRIBE on the cluster/],
  ])("maps %s to an InputAccessError saying what to grant", (type, code, advice) => {
    const error = kafkaError(protocolError(type, code, false), SITE);
    expectTyped(error, InputAccessError, false);
    expect(error.message).toContain(type);
    expect(error.message).toMatch(advice);
  });

  it("maps SASL failures to an InputAccessError without the broker's message or any credential", () => {
    for (const cause of [
      make(KafkaJSSASLAuthenticationError, `SASL PLAIN authentication failed for user admin with password ${PASSWORD}`),
      protocolError("SASL_AUTHENTICATION_FAILED", 58, false, `Authentication failed: invalid credentials (password ${PASSWORD})`),
      // As kafkajs's retrier wraps an error it gives up on.
      make(KafkaJSNonRetriableError, protocolError("ILLEGAL_SASL_STATE", 34, false), { cause: protocolError("ILLEGAL_SASL_STATE", 34, false) }),
    ]) {
      const error = kafkaError(cause, SITE);
      expectTyped(error, InputAccessError, false);
      expect(error.message).toMatch(/authentication with kafka-1:9092,kafka-2:9092 failed/);
      expect(`${String(error)} ${JSON.stringify(error)}`).not.toContain(PASSWORD);
    }
  });

  it("maps an unreachable broker to a retriable TransientIoError naming the brokers", () => {
    for (const cause of [
      refused(),
      new KafkaJSNumberOfRetriesExceeded(refused(), { retryCount: 5, retryTime: 3000 }),
      new KafkaJSRequestTimeoutError("Request Fetch(key: 1, version: 11) timed out", { broker: "kafka-1:9092" } as never),
      make(KafkaJSGroupCoordinatorNotFound, "Failed to find group coordinator"),
      protocolError("COORDINATOR_LOAD_IN_PROGRESS", 14, true),
      protocolError("LEADER_NOT_AVAILABLE", 5, true),
      Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }),
    ]) {
      const error = kafkaError(cause, SITE);
      expectTyped(error, TransientIoError, true);
      expect(error.message).toContain("kafka-1:9092,kafka-2:9092");
      expect(error.cause).toBe(cause);
    }
  });

  it("maps anything else to a non-retriable InputAccessError that describes it", () => {
    const error = kafkaError(protocolError("INVALID_REQUEST", 42, false, "The request was malformed"), SITE);
    expectTyped(error, InputAccessError, false);
    expect(error.message).toContain("INVALID_REQUEST");
    expect(error.message).toContain('"The request was malformed"');
    expectTyped(kafkaError(new KafkaJSError("something odd", { retriable: false }), SITE), InputAccessError, false);
  });

  it("returns an SdfError as it is, and leaves the position out when there is none", () => {
    const typed = new InputNotFoundError("already typed");
    expect(kafkaError(typed, SITE)).toBe(typed);
    const error = kafkaError(refused(), { action: "list the partitions of", input: "kafka://events", brokers: "b:1" });
    expect(error.message).toMatch(/^Cannot list the partitions of kafka:\/\/events: /);
    expect(error.context).toEqual({ input: "kafka://events" });
  });
});

describe("describeKafkaFailure", () => {
  it("names the chain of errors and the root message", () => {
    expect(describeKafkaFailure(new KafkaJSNumberOfRetriesExceeded(refused(), { retryCount: 5, retryTime: 1 }))).toBe(
      'KafkaJSNumberOfRetriesExceeded ← KafkaJSConnectionError ECONNREFUSED "Connection error: connect ECONNREFUSED 10.0.0.1:9092"',
    );
  });
});

describe("describeBrokers", () => {
  it("joins the brokers and drops anything that looks like credentials", () => {
    expect(describeBrokers(["a:9092", "user:secret@b:9093"])).toBe("a:9092,b:9093");
    expect(describeBrokers(undefined)).toBe("(those of the given kafkajs client)");
  });
});

describe("isLeadershipChange", () => {
  it("spots a moving leader or coordinator anywhere in the cause chain, and nothing else", () => {
    expect(isLeadershipChange(protocolError("NOT_LEADER_FOR_PARTITION", 6, true))).toBe(true);
    expect(isLeadershipChange(new KafkaJSNumberOfRetriesExceeded(protocolError("COORDINATOR_LOAD_IN_PROGRESS", 14, true), { retryCount: 5, retryTime: 1 }))).toBe(true);
    expect(isLeadershipChange(protocolError("UNKNOWN_TOPIC_OR_PARTITION", 3, true))).toBe(false);
    expect(isLeadershipChange(refused())).toBe(false);
  });
});
