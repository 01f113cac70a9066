import "apache-beam";
import type { WindowedValue } from "apache-beam/values";
import type { ProcessResult } from "apache-beam/worker/operators";
import { WorkItemFailedError } from "../src/errors/WorkItemFailedError.js";
import { invokeProcessElement } from "../src/sdf/invokeProcessElement.js";
import { instantAt } from "./fnapi/instants.js";
import { SdfStepOperator } from "./fnapi/SdfStepOperator.js";
import { decodePiece, encodePiece } from "./restrictionPiece.js";
import { isDraining } from "./sdfReadPayload.js";

/** The `FunctionSpec` URN of the DoFn inside an `sdfRead` ParDo; runners pass it through unread. */
export const SDFKIT_DOFN_URN = "sdfkit:dofn:sdf_read:v1";

/**
 * Runs one step of `sdfRead` in Beam's TypeScript worker. Beam's `DoFn.process` is
 * synchronous, and reading is not, so `sdfRead` is a ParDo whose DoFn this operator executes
 * itself, awaiting the source and the downstream receivers (backpressure).
 *
 * - `split`: element → its initial restriction → initial splits, each sized, as pieces.
 * - `process`: piece → `processElement` through sdfkit's invoker, looping over checkpoints and
 *   resumes (waiting out resume delays) until the restriction is done; outputs keep the
 *   timestamps the source gives them (else the input's), in the input's windows.
 */
export class SdfReadOperator extends SdfStepOperator {
  /** Plans or reads one input, according to the step. */
  protected processOne(wvalue: WindowedValue<unknown>): Promise<void> {
    return this.payload.step === "split" ? this.split(wvalue) : this.read(wvalue);
  }

  private async split(wvalue: WindowedValue<unknown>): Promise<void> {
    const sdf = this.sdf;
    const element = wvalue.value;
    let restriction: unknown = "(not yet planned)";
    try {
      restriction = await sdf.initialRestriction(element);
      for (const piece of await sdf.splitRestriction(element, restriction)) {
        const size = await sdf.getSize(element, piece);
        const value = encodePiece(element, this.coder.encode(piece), sdf.initialWatermarkState(element, piece), size);
        await this.emit(wvalue, value);
      }
    } catch (error) {
      throw new WorkItemFailedError(element, restriction, error);
    }
  }

  private async read(wvalue: WindowedValue<unknown>): Promise<void> {
    const sdf = this.sdf;
    const piece = decodePiece(wvalue.value as string);
    let restriction = this.coder.decode(piece.restrictionBytes);
    let watermarkState = piece.watermarkState;
    const emit = (value: unknown, timestamp: number | undefined): ProcessResult =>
      this.receiver.receive({ value, windows: wvalue.windows, pane: wvalue.pane, timestamp: instantAt(wvalue.timestamp, timestamp) });
    try {
      for (;;) {
        const result = await invokeProcessElement(sdf, piece.element, restriction, watermarkState, { emit: (value, timestamp) => emit(value, timestamp) ?? undefined });
        if (result.residual === null) return;
        const residual = isDraining(this.payload) ? sdf.truncateRestriction(piece.element, result.residual) : result.residual;
        if (residual === null) return;
        const delay = result.continuation.shouldResume ? result.continuation.resumeDelayMs : 0;
        if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
        restriction = residual;
        watermarkState = result.estimatorState;
      }
    } catch (error) {
      throw new WorkItemFailedError(piece.element, restriction, error);
    }
  }
}
