import "apache-beam";
import type { PTransform as PTransformProto } from "apache-beam/proto/beam_runner_api";
import { ParDoPayload } from "apache-beam/proto/beam_runner_api";
import type { Instant, WindowedValue } from "apache-beam/values";
import type { IOperator, OperatorContext, ProcessResult, Receiver } from "apache-beam/worker/operators";
import { WorkItemFailedError } from "../errors/WorkItemFailedError.js";
import type { RestrictionCoder } from "../restrictions/coders/RestrictionCoder.js";
import { invokeProcessElement } from "../sdf/invokeProcessElement.js";
import { MAX_TIMESTAMP, MIN_TIMESTAMP } from "../watermark/timestamps.js";
import { decodePiece, encodePiece } from "./restrictionPiece.js";
import { decodePayload, isDraining, sourceOf, type AnySdf, type SdfReadPayload } from "./sdfReadPayload.js";

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
export class SdfReadOperator implements IOperator {
  readonly transformId: string;
  private readonly receiver: Receiver;
  private readonly payload: SdfReadPayload;
  private sdf: AnySdf | null = null;
  private coder: RestrictionCoder<unknown> | null = null;
  /** Work started by `process` and not finished yet. */
  private readonly pending = new Set<Promise<void>>();
  /** The first failure of this bundle. */
  private failure: unknown = undefined;

  /**
   * @param transformId - the ParDo's id
   * @param transform - its proto (one output)
   * @param context - the bundle's operator context
   */
  constructor(transformId: string, transform: PTransformProto, context: OperatorContext) {
    this.transformId = transformId;
    const outputs = Object.values(transform.outputs);
    if (outputs.length !== 1) throw new Error(`sdfRead: expected one output of ${transformId}, got ${outputs.length}`);
    this.receiver = context.getReceiver(outputs[0]);
    const spec = ParDoPayload.fromBinary(transform.spec!.payload);
    this.payload = decodePayload(spec.doFn!.payload);
  }

  /** Loads the source (once per operator) and runs its `setup()`. */
  async startBundle(): Promise<void> {
    if (this.sdf !== null) return;
    const sdf = await sourceOf(this.payload);
    await sdf.setup?.();
    this.sdf = sdf;
    this.coder = sdf.restrictionCoder();
  }

  /** Plans or reads one input, according to the step. */
  process(wvalue: WindowedValue<unknown>): ProcessResult {
    const work = this.payload.step === "split" ? this.split(wvalue) : this.read(wvalue);
    // Beam's direct runner does not await what its impulse's receivers return: keep every
    // piece of work, and its failure, for finishBundle, which runs before any downstream one.
    this.pending.add(work);
    void work.then(
      () => this.pending.delete(work),
      (error: unknown) => {
        this.pending.delete(work);
        this.failure ??= error;
      },
    );
    return work;
  }

  /** Waits for the work still running, and fails the bundle if any of it failed. */
  async finishBundle(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    const failure = this.failure;
    this.failure = undefined;
    if (failure !== undefined) throw failure;
  }

  private async split(wvalue: WindowedValue<unknown>): Promise<void> {
    const sdf = this.sdf!;
    const element = wvalue.value;
    let restriction: unknown = "(not yet planned)";
    try {
      restriction = await sdf.initialRestriction(element);
      for (const piece of await sdf.splitRestriction(element, restriction)) {
        const size = await sdf.getSize(element, piece);
        const value = encodePiece(element, this.coder!.encode(piece), sdf.initialWatermarkState(element, piece), size);
        await this.receiver.receive({ ...wvalue, value });
      }
    } catch (error) {
      throw new WorkItemFailedError(element, restriction, error);
    }
  }

  private async read(wvalue: WindowedValue<unknown>): Promise<void> {
    const sdf = this.sdf!;
    const piece = decodePiece(wvalue.value as string);
    let restriction = this.coder!.decode(piece.restrictionBytes);
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

/** The output's event time: the source's timestamp when it gave one, else the input's. */
function instantAt(input: Instant, millis: number | undefined): Instant {
  if (millis === undefined || !Number.isFinite(millis) || millis <= MIN_TIMESTAMP || millis >= MAX_TIMESTAMP) return input;
  // Instants are `Long`s of the SDK's own copy of the long package: build one with its class.
  const LongClass = input.constructor as unknown as { fromNumber(value: number): Instant };
  return LongClass.fromNumber(millis);
}
