import fc from "fast-check";
import type { AnySplittableDoFn } from "../../src/runner/LocalRunner.js";
import { ConformanceViolation, type ConformanceFailure, type ConformanceReport } from "../ConformanceReport.js";
import { runProperty } from "../runProperty.js";
import { defaultSeed, show } from "../seed.js";
import { compareOutputs } from "./compareOutputs.js";
import { runSchedule, type RunLimits } from "./runSchedule.js";
import { describeSchedule, referenceSchedule, scheduleArbitrary, type Schedule } from "./Schedule.js";
import type { SourceConformanceConfig } from "./SourceConformanceConfig.js";

/**
 * Proves, for as many random schedules as `numRuns`, that no split, checkpoint or resume loses
 * or duplicates a record of a source. Each run draws a schedule with fast-check: initial splits
 * or not; dynamic `trySplit` at random claim counts and fractions (0 = checkpoint) while
 * `processElement` runs, right after a claim or at its next await; runner checkpoints after
 * N outputs; residuals resumed in random order, each first encoded and decoded with the
 * source's restriction coder; several pieces at once.
 *
 * Checks: the outputs equal `expected` (or one unsplit read) as a multiset; the declared order
 * holds within each piece; `getSize` is finite and >= 0 for every restriction; the watermark
 * never goes back; `checkDone()` passes; no output before a claim or after a failed one.
 *
 * Never throws on a conformance failure: the report carries a shrunk schedule, written out
 * step by step, and the seed that replays it.
 *
 * @param config - the source, its elements, the expected outputs and the budget
 * @returns the report
 * @example
 * ```ts
 * const report = await checkSourceConformance({ sdf: new PagedSource(api), elements: ["orders"] });
 * if (!report.ok) console.error(formatConformanceReport(report));
 * ```
 */
export async function checkSourceConformance<In, Out>(config: SourceConformanceConfig<In, Out>): Promise<ConformanceReport> {
  const seed = config.seed ?? defaultSeed();
  const numRuns = config.numRuns ?? 100;
  const newSource = (): AnySplittableDoFn<In, Out> => (typeof config.sdf === "function" ? config.sdf() : config.sdf);
  const keyOf = config.keyOf ?? ((output: Out) => show(output));
  const orderOf = config.orderOf as RunLimits["orderOf"];
  const maxInvocations = config.maxInvocations ?? 10_000;

  let expected: readonly Out[];
  const referenceLimits: RunLimits = { maxOutputs: config.maxOutputs ?? Infinity, maxInvocations, orderOf };
  try {
    expected = config.expected ?? (await runSchedule(newSource(), config.elements, referenceSchedule, referenceLimits)).outputs;
  } catch (error) {
    const property = error instanceof ConformanceViolation ? error.property : "no-error";
    const message = error instanceof Error ? error.message : String(error);
    const failure: ConformanceFailure = {
      property,
      counterexample: "the reference read: one unsplit restriction per element, one worker, no checkpoints",
      message: `The unsplit reference read already fails: ${message}`,
    };
    return { ok: false, runs: 0, seed, failures: [failure] };
  }
  const limits: RunLimits = { maxOutputs: config.maxOutputs ?? expected.length * 10 + 1000, maxInvocations, orderOf };

  const property = fc.asyncProperty(scheduleArbitrary, async (schedule: Schedule) => {
    const { outputs } = await runSchedule(newSource(), config.elements, schedule, limits);
    compareOutputs(outputs, expected, keyOf);
  });
  const describe = async ([schedule]: [Schedule]): Promise<string> => {
    const log: string[] = [];
    try {
      const { outputs } = await runSchedule(newSource(), config.elements, schedule, limits, log);
      compareOutputs(outputs, expected, keyOf);
    } catch (error) {
      log.push(`  ✗ ${error instanceof Error ? error.message : String(error)}`);
    }
    const head = `schedule: ${describeSchedule(schedule)}`;
    return [head, ...log.slice(0, 200), ...(log.length > 200 ? [`… ${log.length - 200} more steps`] : [])].join("\n");
  };
  const failure = await runProperty("no-loss-no-duplicate", property, { numRuns, seed }, describe);
  return { ok: failure === null, runs: numRuns, seed, failures: failure === null ? [] : [failure] };
}
