import "apache-beam";
import { ParDoPayload, type PTransform as PTransformProto } from "apache-beam/proto/beam_runner_api";
import type { WindowedValue } from "apache-beam/values";
import type { IOperator, OperatorContext, ProcessResult, Receiver } from "apache-beam/worker/operators";
import type { RestrictionCoder } from "../../src/restrictions/coders/RestrictionCoder.js";
import { decodePayload, sourceOf, type AnySdf, type SdfReadPayload } from "../sdfReadPayload.js";
import { InternalError } from "../../src/errors/InternalError.js";

/**
 * What the four SDF steps share in Beam's TypeScript worker: the source named by the ParDo's
 * payload (loaded once per operator, `setup()` run once), the restriction coder, the one output,
 * and elements processed one at a time with the receivers awaited (backpressure).
 * @internal
 */
export abstract class SdfStepOperator implements IOperator {
  readonly transformId: string;
  protected readonly receiver: Receiver;
  protected readonly payload: SdfReadPayload;
  /** The output PCollection's id. */
  protected readonly outputId: string;
  #sdf: AnySdf | null = null;
  #coder: RestrictionCoder<unknown> | null = null;
  /** Work started by `process` and not finished yet. */
  readonly #pending = new Set<Promise<void>>();
  /** The first failure of this bundle. */
  #failure: unknown = undefined;

  /**
   * @param transformId - the step's id in the bundle descriptor
   * @param transform - its proto: a ParDoPayload carrying sdfRead's payload, one output
   * @param context - the bundle's operator context
   */
  constructor(transformId: string, transform: PTransformProto, context: OperatorContext) {
    this.transformId = transformId;
    const outputs = Object.values(transform.outputs);
    if (outputs.length !== 1) throw new InternalError(`sdfkit: expected one output of ${transformId}, got ${outputs.length}; this is a bug in sdfkit/beam, please report it`);
    this.outputId = outputs[0]!;
    this.receiver = context.getReceiver(this.outputId);
    const spec = ParDoPayload.fromBinary(transform.spec!.payload);
    this.payload = decodePayload(spec.doFn!.payload);
  }

  /** The source. */
  protected get sdf(): AnySdf {
    return this.#sdf!;
  }

  /** The source's restriction coder. */
  protected get coder(): RestrictionCoder<unknown> {
    return this.#coder!;
  }

  /** Loads the source once and runs its `setup()`. */
  async startBundle(): Promise<void> {
    if (this.#sdf !== null) return;
    const sdf = await sourceOf(this.payload);
    await sdf.setup?.();
    this.#coder = sdf.restrictionCoder();
    this.#sdf = sdf;
  }

  /** Processes one input; the data source awaits it before the next. */
  process(wvalue: WindowedValue<unknown>): ProcessResult {
    const work = this.processOne(wvalue);
    // Beam's ParDo operators do not await what their receivers return (an impulse-fed stage):
    // keep every piece of work, and its failure, for finishBundle, which runs before any
    // downstream operator's.
    this.#pending.add(work);
    void work.then(
      () => this.#pending.delete(work),
      (error: unknown) => {
        this.#pending.delete(work);
        this.#failure ??= error;
      },
    );
    return work;
  }

  /** Waits for the work still running, and fails the bundle if any of it failed. */
  async finishBundle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
    const failure = this.#failure;
    this.#failure = undefined;
    if (failure !== undefined) throw failure;
  }

  /** Emits a value in the input's windows, pane and timestamp. */
  protected emit(input: WindowedValue<unknown>, value: unknown): ProcessResult {
    return this.receiver.receive({ ...input, value });
  }

  /** Processes one input. */
  protected abstract processOne(wvalue: WindowedValue<unknown>): Promise<void>;
}
