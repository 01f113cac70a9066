// `sdfkit/beam`: sdfkit sources inside Apache Beam TypeScript pipelines (apache-beam, an optional peer dependency).

// apache-beam's modules import each other in a cycle that only resolves from its index.
import "apache-beam";

export { sdfRead } from "./sdfRead.js";
export type { SdfReadOptions } from "./sdfRead.js";
export { sdfWorkerStats } from "./fnapi/ProcessSizedOperator.js";
export { SDFKIT_DOFN_URN } from "./SdfReadOperator.js";
export { portableRunner } from "./portableRunner.js";
export type { PortableRunnerOptions } from "./portableRunner.js";
export { applyPrismMends, MENDED_BEAM_VERSION } from "./prismMends.js";
