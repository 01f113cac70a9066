import { expect } from "vitest";
import { formatConformanceReport, type ConformanceReport } from "../../../testkit/index.js";

/**
 * Asserts that a conformance check caught a bug: the report failed, its first failure carries a
 * counterexample a person can read, and (when given) that failure is one of `properties`.
 * @param report - from `checkSourceConformance` or `checkTrackerConformance`
 * @param properties - the acceptable names of the first failing property
 */
export function expectCaught(report: ConformanceReport, ...properties: string[]): void {
  const text = formatConformanceReport(report, "broken fixture");
  expect(report.ok, `the bug was not caught:\n${text}`).toBe(false);
  const first = report.failures[0];
  expect(first, text).toBeDefined();
  expect(first!.counterexample.trim(), text).not.toBe("");
  expect(first!.counterexample, text).not.toBe("(none)");
  if (properties.length > 0) expect(properties, text).toContain(first!.property);
}

/**
 * Asserts that a conformance check passed, printing the report when it did not.
 * @param report - from `checkSourceConformance` or `checkTrackerConformance`
 */
export function expectPasses(report: ConformanceReport, subject: string): void {
  expect(report.ok, formatConformanceReport(report, subject)).toBe(true);
}

/** The names of every failing property of a report. */
export function failingProperties(report: ConformanceReport): string[] {
  return report.failures.map((f) => f.property);
}
