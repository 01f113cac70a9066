// The integration project's file order: vitest's own (failed first, then by cached duration), with
// the production-size Beam jobs moved to the end. After those jobs Prism 2.77 (one process shared
// by the whole run) was seen to stop advancing an unbounded read's watermark to downstream windows
// (every record read, the worker's reported watermark current, no window fired in 120 s), in 4 of
// ~12 runs; never when the unbounded test ran before them. See the stop-20 closing note (#21).
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** Moves the heaviest portable jobs behind every other integration file. */
export default class HeavyBeamJobsLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const heavy = (file: TestSpecification): boolean => file.moduleId.endsWith("productionSizes.test.ts");
    return [...sorted.filter((file) => !heavy(file)), ...sorted.filter(heavy)];
  }
}
