import "apache-beam";
import * as operators from "apache-beam/worker/operators";
import { PairWithRestrictionOperator } from "./PairWithRestrictionOperator.js";
import { ProcessSizedOperator } from "./ProcessSizedOperator.js";
import { SplitAndSizeOperator } from "./SplitAndSizeOperator.js";
import { TruncateSizedOperator } from "./TruncateSizedOperator.js";
import { SDF_URNS } from "./urns.js";

let installed = false;

/**
 * Registers sdfkit's operators for Beam's SDF steps in the TypeScript worker's public operator
 * registry: pair with restriction, split and size, process sized elements and restrictions,
 * truncate. Idempotent.
 */
export function installSdfOperators(): void {
  if (installed) return;
  operators.registerOperator(SDF_URNS.pairWithRestriction, PairWithRestrictionOperator);
  operators.registerOperator(SDF_URNS.splitAndSize, SplitAndSizeOperator);
  operators.registerOperator(SDF_URNS.processSized, ProcessSizedOperator);
  operators.registerOperator(SDF_URNS.truncateSized, TruncateSizedOperator);
  installed = true;
}
