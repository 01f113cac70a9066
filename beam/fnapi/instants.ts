import type { Instant } from "apache-beam/values";
import { MAX_TIMESTAMP, MIN_TIMESTAMP } from "../../src/watermark/timestamps.js";

/**
 * An output's event time in Beam's terms: the source's timestamp when it gave one, else the
 * input's.
 * @internal
 */
export function instantAt(input: Instant, millis: number | undefined): Instant {
  if (millis === undefined || !Number.isFinite(millis) || millis <= MIN_TIMESTAMP || millis >= MAX_TIMESTAMP) return input;
  // Instants are `Long`s of the SDK's own copy of the long package: build one with its class.
  const LongClass = input.constructor as unknown as { fromNumber(value: number): Instant };
  return LongClass.fromNumber(millis);
}
