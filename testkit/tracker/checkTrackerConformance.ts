import type { ConformanceFailure, ConformanceReport } from "../ConformanceReport.js";
import { runProperty } from "../runProperty.js";
import { defaultSeed } from "../seed.js";
import type { TrackerConformanceConfig } from "./TrackerConformanceConfig.js";
import { trackerProperties } from "./trackerProperties.js";

/**
 * Checks a restriction tracker against Beam's contract with fast-check: claims strictly
 * increase and a repeated claim throws; a split tiles the old restriction without overlap,
 * `currentRestriction()` is the primary and claims beyond it fail; a checkpoint splits right
 * after the last claim; `null` from `trySplit(0)` means `checkDone()` passes; `checkDone()`
 * throws while work is unclaimed; progress is never negative and never goes back; any
 * interleaving of claims and splits, every piece read to its end, claims each position exactly
 * once; the restriction coder round-trips.
 *
 * Never throws on a conformance failure: the report lists each failing property with a shrunk
 * counterexample.
 *
 * @param config - how to build trackers, which restrictions and positions to try
 * @returns the report
 * @example
 * ```ts
 * const report = await checkTrackerConformance({
 *   newTracker: (r) => new OffsetRangeTracker(r),
 *   restrictions: fc.tuple(fc.nat(100), fc.nat(100)).map(([a, n]) => new OffsetRange(a, a + n)),
 *   positions: (r) => Array.from({ length: r.size() }, (_, i) => r.from + i),
 *   finish: Infinity,
 *   coder: offsetRangeCoder,
 * });
 * ```
 */
export async function checkTrackerConformance<R, P>(config: TrackerConformanceConfig<R, P>): Promise<ConformanceReport> {
  const seed = config.seed ?? defaultSeed();
  const numRuns = config.numRuns ?? 200;
  const failures: ConformanceFailure[] = [];
  for (const { name, property, describe } of trackerProperties(config)) {
    const failure = await runProperty(name, property, { numRuns, seed }, describe);
    if (failure !== null) failures.push(failure);
  }
  return { ok: failures.length === 0, runs: numRuns, seed, failures };
}
