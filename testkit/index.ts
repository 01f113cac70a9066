// `sdfkit/testkit`: property-based conformance checks for trackers and sources.

export { checkTrackerConformance } from "./tracker/checkTrackerConformance.js";
export type { TrackerConformanceConfig } from "./tracker/TrackerConformanceConfig.js";
export { checkSourceConformance } from "./source/checkSourceConformance.js";
export type { SourceConformanceConfig, OutputOrder } from "./source/SourceConformanceConfig.js";
export { formatConformanceReport } from "./ConformanceReport.js";
export type { ConformanceReport, ConformanceFailure } from "./ConformanceReport.js";
