import { InvalidArgumentError } from "commander";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { formatConformanceReport, type ConformanceReport } from "../testkit/ConformanceReport.js";
import { checkSourceConformance } from "../testkit/source/checkSourceConformance.js";
import type { SourceConformanceConfig } from "../testkit/source/SourceConformanceConfig.js";
import { checkTrackerConformance } from "../testkit/tracker/checkTrackerConformance.js";
import type { TrackerConformanceConfig } from "../testkit/tracker/TrackerConformanceConfig.js";

/** Options of `sdfkit conformance`. */
export interface ConformanceCommandOptions {
  /** Runs per property, overriding the module's. */
  runs?: number;
  /** fast-check seed, overriding the module's. */
  seed?: number;
}

type AnyConfig = SourceConformanceConfig<unknown, unknown> | TrackerConformanceConfig<unknown, unknown>;

const isTrackerConfig = (config: AnyConfig): config is TrackerConformanceConfig<unknown, unknown> =>
  typeof (config as Partial<TrackerConformanceConfig<unknown, unknown>>).newTracker === "function";

/**
 * `sdfkit conformance <module>`: imports a module that exports a conformance config (as
 * `conformance` or `default`; one config or an array; source configs have `sdf` and
 * `elements`, tracker configs `newTracker`, `restrictions` and `positions`), runs every check
 * and prints the reports.
 * @param modulePath - path or URL of an ES module
 * @param options - runs and seed overrides
 * @param print - where reports go @defaultValue console.log
 * @returns the process exit code: 0 when everything conforms, 1 otherwise
 */
export async function conformanceCommand(
  modulePath: string,
  options: ConformanceCommandOptions = {},
  print: (text: string) => void = console.log,
): Promise<number> {
  const url = /^[a-z]+:\/\//i.test(modulePath) ? modulePath : pathToFileURL(resolve(modulePath)).href;
  const module = (await import(url)) as Record<string, unknown>;
  const exported = module.conformance ?? module.default;
  if (exported === undefined) {
    throw new InvalidArgumentError(`${modulePath} exports no \`conformance\` (or default) config: export { sdf, elements } for a source, or { newTracker, restrictions, positions } for a tracker.`);
  }
  const configs = (Array.isArray(exported) ? exported : [exported]) as AnyConfig[];
  let failed = 0;
  for (const [index, config] of configs.entries()) {
    const overrides = { ...(options.runs === undefined ? {} : { numRuns: options.runs }), ...(options.seed === undefined ? {} : { seed: options.seed }) };
    let report: ConformanceReport;
    let subject: string;
    if (isTrackerConfig(config)) {
      subject = `tracker config #${index + 1}`;
      report = await checkTrackerConformance({ ...config, ...overrides });
    } else {
      const sdf = typeof config.sdf === "function" ? config.sdf() : config.sdf;
      subject = `${sdf.constructor.name} over ${config.elements.length} element(s)`;
      report = await checkSourceConformance({ ...config, ...overrides });
    }
    print(formatConformanceReport(report, subject));
    if (!report.ok) failed++;
  }
  return failed === 0 ? 0 : 1;
}
