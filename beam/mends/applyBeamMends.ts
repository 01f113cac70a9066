import { createRequire } from "node:module";
import { mendDataChannelOrder } from "./dataChannelOrder.js";
import { mendDataSinkFlush } from "./dataSinkFlush.js";
import { mendGroupGlobally } from "./groupGlobally.js";
import { mendGrpcMessageSize } from "./grpcMessageSize.js";
import { mendNumberCoder } from "./numberCoder.js";
import { mendObjectCoder } from "./objectCoder.js";
import { mendArtifactStaging, mendWorkerMetadata } from "./prismMends.js";

const require = createRequire(import.meta.url);

/** The apache-beam release whose defects the mends work around (its last release). */
export const MENDED_BEAM_VERSION = "2.49.0";

/** Options of {@link applyBeamMends}. */
export interface BeamMendOptions {
  /**
   * The largest gRPC message the SDK worker's channels receive, in bytes; -1 for no limit (as
   * Beam's Python harness). Applies from the first call on; later calls do not change it.
   * @defaultValue -1
   */
  readonly maxMessageBytes?: number;
}

let applied: boolean | null = null;

/**
 * Applies, once per process, the run-time mends apache-beam 2.49.0 needs to run sdfkit's
 * pipelines exactly at production sizes, only when that SDK version is installed. sdfkit's
 * runners and workers call it before Beam's worker modules load; call it yourself first if you
 * drive apache-beam's runners directly. Each mend names the defect it removes:
 *
 * | mend | defect |
 * |---|---|
 * | `mendNumberCoder` | numbers that are not 32-bit integers (and -0, NaN, ±Infinity) are wrong after a shuffle; bigint cannot be encoded |
 * | `mendObjectCoder` | objects lose -0, `undefined` fields, `Buffer`s (read back as BSON `Binary`), `Map`s and `Set`s; bigint fields are refused |
 * | `mendGrpcMessageSize` | worker channels refuse messages over 4 MB (`RESOURCE_EXHAUSTED`) |
 * | `mendDataSinkFlush` | a bundle's output over 1 MB is sent again for every further element (gigabytes; duplicates, or an out-of-memory runner) |
 * | `mendDataChannelOrder` | a bundle's data is processed out of order and its end overtakes it: large groups arrive truncated |
 * | `mendGroupGlobally` | `groupGlobally()` without a combiner yields `undefined` |
 * | `mendArtifactStaging` | (Prism) artifact staging never returns |
 * | `mendWorkerMetadata` | (Prism) bundles fail: no `worker_id` on `GetProcessBundleDescriptor` |
 *
 * @param options - the gRPC message limit
 * @returns whether the mends apply (false for another apache-beam version)
 * @example
 * ```ts
 * import { applyBeamMends } from "sdfkit/beam";
 * applyBeamMends(); // before apache-beam's own runners
 * ```
 */
export function applyBeamMends(options: BeamMendOptions = {}): boolean {
  if (applied !== null) return applied;
  require("apache-beam");
  const { version } = require("apache-beam/version") as { version: string };
  applied = version === MENDED_BEAM_VERSION;
  if (!applied) return false;
  // Before anything loads Beam's worker module, which keeps references to the classes replaced here.
  mendDataChannelOrder();
  mendWorkerMetadata();
  mendArtifactStaging();
  mendDataSinkFlush();
  mendGrpcMessageSize(options.maxMessageBytes ?? -1);
  mendNumberCoder();
  mendObjectCoder();
  mendGroupGlobally();
  return true;
}
