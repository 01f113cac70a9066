import type { WindowedValue } from "apache-beam/values";
import { WorkItemFailedError } from "../../src/errors/WorkItemFailedError.js";
import { holdsOf, restrictionKey } from "./OutstandingHolds.js";
import { sized, watermarkStateOf, type PairedElement } from "./sdfWireValues.js";
import { SdfStepOperator } from "./SdfStepOperator.js";

/**
 * `beam:transform:sdf_split_and_size_restrictions:v1`: (element, restriction) → each initial
 * split with its size (`splitRestriction`, `getSize`), keeping the watermark state.
 * @internal
 */
export class SplitAndSizeOperator extends SdfStepOperator {
  protected async processOne(wvalue: WindowedValue<unknown>): Promise<void> {
    const pair = wvalue.value as PairedElement;
    const element = pair.key;
    const restriction = this.coder.decode(pair.value.key);
    try {
      const holds = holdsOf(this.payload.localId);
      const hold = this.sdf.newWatermarkEstimator(watermarkStateOf(pair)).currentWatermark();
      for (const piece of await this.sdf.splitRestriction(element, restriction)) {
        const size = await this.sdf.getSize(element, piece);
        const pieceBytes = this.coder.encode(piece);
        holds.add(restrictionKey(element, pieceBytes, pair.value.value), hold);
        await this.emit(wvalue, sized({ key: element, value: { key: pieceBytes, value: pair.value.value } }, size));
      }
    } catch (error) {
      throw new WorkItemFailedError(element, restriction, error);
    }
  }
}
