import type { WindowedValue } from "apache-beam/values";
import { WorkItemFailedError } from "../../src/errors/WorkItemFailedError.js";
import { paired } from "./sdfWireValues.js";
import { SdfStepOperator } from "./SdfStepOperator.js";

/**
 * `beam:transform:sdf_pair_with_restriction:v1`: element → (element, (initial restriction,
 * initial watermark state)).
 * @internal
 */
export class PairWithRestrictionOperator extends SdfStepOperator {
  protected async processOne(wvalue: WindowedValue<unknown>): Promise<void> {
    const element = wvalue.value;
    let restriction: unknown = "(not yet planned)";
    try {
      restriction = await this.sdf.initialRestriction(element);
      const state = this.sdf.initialWatermarkState(element, restriction);
      await this.emit(wvalue, paired(element, this.coder.encode(restriction), state));
    } catch (error) {
      throw new WorkItemFailedError(element, restriction, error);
    }
  }
}
