import { SdfError } from "../src/errors/SdfError.js";

/** One conformance property that failed, with a shrunk counterexample a person can read. */
export interface ConformanceFailure {
  /** The property, e.g. `no-loss-no-duplicate`, `tiling`, `watermark-monotone`. */
  readonly property: string;
  /** The schedule or tracker operations that break it, shrunk and in words. */
  readonly counterexample: string;
  /** What went wrong and how to replay it. */
  readonly message: string;
}

/**
 * The outcome of a conformance check. A check never throws on a conformance failure: it
 * reports it here. Replay a failure by passing the same `seed`.
 */
export interface ConformanceReport {
  /** True when every property held in every run. */
  readonly ok: boolean;
  /** Runs executed (per property group). */
  readonly runs: number;
  /** The fast-check seed used; pass it back to replay. */
  readonly seed: number;
  /** Failed properties; empty when `ok`. */
  readonly failures: readonly ConformanceFailure[];
}

/**
 * A property violation raised inside a run; carries the property name to the report.
 * @internal
 */
export class ConformanceViolation extends SdfError {
  constructor(
    readonly property: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Renders a report as text: one line when it passed, each failure with its counterexample
 * and replay hint otherwise.
 * @param report - a report from `checkTrackerConformance` or `checkSourceConformance`
 * @param subject - what was checked, for the first line
 */
export function formatConformanceReport(report: ConformanceReport, subject = "source"): string {
  if (report.ok) return `✓ ${subject} conforms: ${report.runs} runs, seed ${report.seed}`;
  const lines = [`✗ ${subject} does not conform (${report.failures.length} failing properties; seed ${report.seed})`];
  for (const failure of report.failures) {
    lines.push("", `  property: ${failure.property}`, `  ${failure.message}`, "  counterexample:");
    for (const line of failure.counterexample.split("\n")) lines.push(`    ${line}`);
  }
  lines.push("", `Replay with seed ${report.seed} (the same numRuns finds the same counterexample).`);
  return lines.join("\n");
}
