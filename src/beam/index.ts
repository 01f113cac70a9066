// `sdfkit/beam`: sdfkit sources inside Apache Beam TypeScript pipelines (apache-beam, an optional peer dependency).

// apache-beam's modules import each other in a cycle that only resolves from its index.
import "apache-beam";

export { sdfRead } from "./sdfRead.js";
export { SDFKIT_DOFN_URN } from "./SdfReadOperator.js";
