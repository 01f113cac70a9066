// `sdfkit/testkit/vitest`: one line in a connector's own test file runs the conformance checks
// and fails with a readable counterexample.
import { expect, it } from "vitest";
import { formatConformanceReport, type ConformanceReport } from "./ConformanceReport.js";
import { checkSourceConformance } from "./source/checkSourceConformance.js";
import type { SourceConformanceConfig } from "./source/SourceConformanceConfig.js";
import { checkTrackerConformance } from "./tracker/checkTrackerConformance.js";
import type { TrackerConformanceConfig } from "./tracker/TrackerConformanceConfig.js";

/**
 * Asserts that a report passed; on failure the assertion message is the formatted report.
 * @param report - from a conformance check
 * @param subject - what was checked
 */
export function expectConformance(report: ConformanceReport, subject?: string): void {
  expect(report.ok, formatConformanceReport(report, subject)).toBe(true);
}

/**
 * Declares a vitest test that runs {@link checkSourceConformance} on a source.
 * @param name - the test name
 * @param config - the source, elements and budget
 * @param timeoutMs - test timeout @defaultValue 60000
 * @example
 * ```ts
 * sourceConformanceTest("CsvSource conforms", { sdf: new CsvSource(), elements: ["a.csv"] });
 * ```
 */
export function sourceConformanceTest<In, Out>(name: string, config: SourceConformanceConfig<In, Out>, timeoutMs = 60_000): void {
  it(name, async () => expectConformance(await checkSourceConformance(config), name), timeoutMs);
}

/**
 * Declares a vitest test that runs {@link checkTrackerConformance} on a tracker.
 * @param name - the test name
 * @param config - how to build trackers and which restrictions to try
 * @param timeoutMs - test timeout @defaultValue 60000
 */
export function trackerConformanceTest<R, P>(name: string, config: TrackerConformanceConfig<R, P>, timeoutMs = 60_000): void {
  it(name, async () => expectConformance(await checkTrackerConformance(config), name), timeoutMs);
}
