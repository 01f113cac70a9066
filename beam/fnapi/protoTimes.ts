import type { Timestamp } from "apache-beam/proto/google/protobuf/timestamp";
import type { Duration } from "apache-beam/proto/google/protobuf/duration";

/** Milliseconds as a protobuf Duration. @internal */
export function durationOf(ms: number): Duration {
  const whole = Math.max(0, Math.floor(ms));
  return { seconds: BigInt(Math.floor(whole / 1000)), nanos: (whole % 1000) * 1_000_000 };
}

/** Protobuf's Timestamp range: 0001-01-01 to 9999-12-31, in epoch ms. */
const MIN_PROTO_MS = -62_135_596_800_000;
const MAX_PROTO_MS = 253_402_300_799_999;

/** Epoch ms as a protobuf Timestamp, clamped to the range protobuf allows. @internal */
export function timestampOf(epochMs: number): Timestamp {
  const ms = Math.min(MAX_PROTO_MS, Math.max(MIN_PROTO_MS, Math.floor(epochMs)));
  const seconds = Math.floor(ms / 1000);
  return { seconds: BigInt(seconds), nanos: (ms - seconds * 1000) * 1_000_000 };
}
