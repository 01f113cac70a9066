import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * **apache-beam 2.49.0 defect: the worker's gRPC channels refuse messages over 4 MB.** The
 * TypeScript worker opens its control, data and state channels with no options, so gRPC's
 * default 4 MB receive limit applies; Flink sends larger data frames (6 MB for a grouped read of
 * 405,000 lines), the data channel dies with `RESOURCE_EXHAUSTED: Received message larger than
 * max`, and the job hangs or fails. Beam's Python harness sets unlimited sizes.
 *
 * The channels are created inside apache-beam with literal options, so the mend raises the
 * default of the `@grpc/grpc-js` that apache-beam loads (a channel option given explicitly still
 * wins): `maxMessageBytes`, unlimited (-1) by default, as Python's harness does.
 *
 * @param maxMessageBytes - the largest message a channel receives, or -1 for no limit
 */
export function mendGrpcMessageSize(maxMessageBytes: number): void {
  const beamRequire = createRequire(require.resolve("apache-beam"));
  const constantsPath = beamRequire.resolve("@grpc/grpc-js").replace(/index\.js$/, "constants.js");
  const constants = beamRequire(constantsPath) as { DEFAULT_MAX_RECEIVE_MESSAGE_LENGTH: number; DEFAULT_MAX_SEND_MESSAGE_LENGTH: number };
  constants.DEFAULT_MAX_RECEIVE_MESSAGE_LENGTH = maxMessageBytes;
  constants.DEFAULT_MAX_SEND_MESSAGE_LENGTH = maxMessageBytes;
}
