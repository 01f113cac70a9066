import type { Duration } from "apache-beam/proto/google/protobuf/duration";

/** Milliseconds as a protobuf Duration. @internal */
export function durationOf(ms: number): Duration {
  const whole = Math.max(0, Math.floor(ms));
  return { seconds: BigInt(Math.floor(whole / 1000)), nanos: (whole % 1000) * 1_000_000 };
}
