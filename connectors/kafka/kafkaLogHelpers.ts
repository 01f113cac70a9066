import { CorruptInputError } from "../../src/errors/CorruptInputError.js";
import { InvalidOptionError } from "../../src/errors/InvalidOptionError.js";

/**
 * Checks a topic name argument.
 * @param topic - as given
 * @throws {@link InvalidOptionError} for anything but a non-empty string
 */
export function checkTopic(topic: string): void {
  if (typeof topic !== "string" || topic === "") throw new InvalidOptionError(`Expected a topic name, got ${JSON.stringify(topic)}`);
}

/**
 * Parses an offset kafkajs gives as a string; it must be a safe integer >= 0.
 * @param text - the offset
 * @param input - `kafka://topic/partition`, for the message
 * @returns the offset
 * @throws {@link CorruptInputError} for anything else
 */
export function parseOffset(text: string, input: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new CorruptInputError(`Kafka returned offset ${text} for ${input}, which is not an integer in [0, 2^53): the broker's answer is malformed; check the broker and its kafkajs compatibility`, { context: { input } });
  }
  return value;
}

/**
 * Partition numbers for a message: `0–7` when contiguous, else listed.
 * @param partitions - sorted partition numbers
 * @returns the description
 */
export function describeRange(partitions: readonly number[]): string {
  if (partitions.length === 0) return "none";
  const first = partitions[0] as number;
  const last = partitions[partitions.length - 1] as number;
  return last - first + 1 === partitions.length ? `${first}–${last}` : partitions.join(", ");
}

/**
 * Waits `ms`, or less when `signal` aborts.
 * @param ms - how long
 * @param signal - ends the wait early
 * @returns when done
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
