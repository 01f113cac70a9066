import fc from "fast-check";
import type { ConformanceFailure } from "./ConformanceReport.js";
import { ConformanceViolation } from "./ConformanceReport.js";

/** Settings shared by every property of one check. @internal */
export interface PropertyRunSettings {
  readonly numRuns: number;
  readonly seed: number;
}

/**
 * Runs one fast-check property and turns a failure into a {@link ConformanceFailure}; never
 * throws. `describe` renders the shrunk counterexample for a person.
 * @internal
 */
export async function runProperty<Ts extends [unknown, ...unknown[]]>(
  name: string,
  property: fc.IAsyncProperty<Ts> | fc.IProperty<Ts>,
  settings: PropertyRunSettings,
  describe: (counterexample: Ts) => string | Promise<string>,
): Promise<ConformanceFailure | null> {
  const details = await fc.check(property as fc.IAsyncProperty<Ts>, { numRuns: settings.numRuns, seed: settings.seed });
  if (!details.failed) return null;
  const error = details.errorInstance;
  const counterexample = details.counterexample === null ? "(none)" : await describe(details.counterexample);
  const message = error instanceof Error ? error.message : String(error);
  return {
    property: error instanceof ConformanceViolation ? error.property : name,
    counterexample,
    message: `${message} (fast-check seed ${settings.seed}, path ${details.counterexamplePath ?? "?"}, after ${details.numRuns} runs and ${details.numShrinks} shrinks)`,
  };
}
