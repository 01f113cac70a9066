import { registerErrorClass } from "../../src/errors/errorClassRegistry.js";
import { SdfError, type SdfErrorOptions } from "../../src/errors/SdfError.js";

/**
 * A transactional writer was fenced: another one started with the same transactional id, so
 * this one's transactions fail from now on. Not retriable: the newer writer owns the id.
 */
export class TransactionFencedError extends SdfError {
  /**
   * @param message - what was fenced and what to do
   * @param options - cause and context
   */
  constructor(message: string, options: Omit<SdfErrorOptions, "retriable"> = {}) {
    super(message, { ...options, retriable: false });
  }
}

registerErrorClass(TransactionFencedError);

/** Kafka's error types for a producer that lost its transactional id to a newer one. */
const FENCED_TYPES = new Set(["PRODUCER_FENCED", "INVALID_PRODUCER_EPOCH", "TRANSACTIONAL_ID_AUTHORIZATION_FAILED_FENCED"]);

/**
 * Whether a kafkajs error (or one in its cause chain) says the producer was fenced.
 * @param error - what kafkajs threw
 * @returns true for a fenced producer
 */
export function isFencing(error: unknown): boolean {
  for (let link: unknown = error, depth = 0; link !== null && typeof link === "object" && depth < 10; depth++) {
    const type = (link as { type?: unknown }).type;
    if (typeof type === "string" && FENCED_TYPES.has(type)) return true;
    link = (link as { cause?: unknown; originalError?: unknown }).cause ?? (link as { originalError?: unknown }).originalError;
  }
  return false;
}
