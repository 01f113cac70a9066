// `sdfkit/beam`: sdfkit sources inside Apache Beam TypeScript pipelines (apache-beam, an optional peer dependency).

// apache-beam's modules import each other in a cycle that only resolves from its index.
import "apache-beam";
import { applyBeamMends } from "./mends/applyBeamMends.js";

export { sdfRead } from "./sdfRead.js";
export type { SdfReadOptions } from "./sdfRead.js";
export { sdfWorkerStats } from "./fnapi/ProcessSizedOperator.js";
export { SDFKIT_DOFN_URN } from "./SdfReadOperator.js";
export { portableRunner } from "./portableRunner.js";
export type { PortableRunnerOptions } from "./portableRunner.js";
export { applyBeamMends, applyBeamMends as applyPrismMends, MENDED_BEAM_VERSION } from "./mends/applyBeamMends.js";
export type { BeamMendOptions } from "./mends/applyBeamMends.js";
export { dataChannelStats } from "./mends/dataChannelOrder.js";

// Loading sdfkit/beam mends apache-beam 2.49.0 at once, so every pipeline built with it is exact.
applyBeamMends();
