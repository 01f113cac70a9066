import type { WindowedValue } from "apache-beam/values";
import { WorkItemFailedError } from "../../src/errors/WorkItemFailedError.js";
import { sized, type SizedElement } from "./sdfWireValues.js";
import { SdfStepOperator } from "./SdfStepOperator.js";

/**
 * `beam:transform:sdf_truncate_sized_restrictions:v1`, for drain: each sized restriction →
 * `truncateRestriction` (dropped when that returns null), sized again.
 * @internal
 */
export class TruncateSizedOperator extends SdfStepOperator {
  protected async processOne(wvalue: WindowedValue<unknown>): Promise<void> {
    const { key: pair } = wvalue.value as SizedElement;
    const element = pair.key;
    const restriction = this.coder.decode(pair.value.key);
    try {
      const truncated = this.sdf.truncateRestriction(element, restriction);
      if (truncated === null) return;
      const size = await this.sdf.getSize(element, truncated);
      await this.emit(wvalue, sized({ key: element, value: { key: this.coder.encode(truncated), value: pair.value.value } }, size));
    } catch (error) {
      throw new WorkItemFailedError(element, restriction, error);
    }
  }
}
