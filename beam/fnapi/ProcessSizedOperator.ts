import { createRequire } from "node:module";
import "apache-beam";
import { Context as CoderContext, type Coder } from "apache-beam/coders/coders";
import { FullWindowedValueCoder } from "apache-beam/coders/required_coders";
import { RemoteGrpcPort, type BundleApplication, type DelayedBundleApplication } from "apache-beam/proto/beam_fn_api";
import { IsBounded_Enum, type PTransform as PTransformProto } from "apache-beam/proto/beam_runner_api";
import type { Window, WindowedValue } from "apache-beam/values";
import type { OperatorContext } from "apache-beam/worker/operators";
import { WorkItemFailedError } from "../../src/errors/WorkItemFailedError.js";
import type { PendingFinalization } from "../../src/sdf/BundleFinalizer.js";
import { invokeProcessElement, type RunningRestriction } from "../../src/sdf/invokeProcessElement.js";
import { MIN_TIMESTAMP } from "../../src/watermark/timestamps.js";
import { instantAt } from "./instants.js";
import { isDraining } from "../sdfReadPayload.js";
import { sized, watermarkStateOf, type SizedElement } from "./sdfWireValues.js";
import { SdfStepOperator } from "./SdfStepOperator.js";
import { holdsOf, restrictionKey } from "./OutstandingHolds.js";
import { durationOf, timestampOf } from "./protoTimes.js";
import { UnsupportedFeatureError } from "../../src/errors/UnsupportedFeatureError.js";

const require = createRequire(import.meta.url);
const DATA_SOURCE_URN = "beam:runner:source:v1";

/** Counters of what the SDF steps of this process's Beam worker did (self-checkpoints, runner splits served, finalizations run, progress reported), for tests and monitoring. */
export const sdfWorkerStats = { selfCheckpoints: 0, runnerSplits: 0, finalizations: 0, progressReports: 0, lastOutputWatermark: Number.NaN };
// lastOutputWatermark: the latest watermark hold a residual carried back to the runner.

/** A runner-initiated split of the running element, as Fn API roots. @internal */
export interface RootSplit {
  readonly primary: BundleApplication;
  readonly residual: DelayedBundleApplication;
}

/** The element being processed, for splits while it runs. */
interface Running {
  readonly input: WindowedValue<unknown>;
  readonly element: unknown;
  readonly watermarkState: Uint8Array;
  handle: RunningRestriction<unknown, unknown> | null;
}

/**
 * `beam:transform:sdf_process_sized_element_and_restrictions:v1`: runs `processElement` through
 * sdfkit's invoker, bounded by outputs and time. A residual — a self-checkpoint, or the rest after
 * `resume()` — goes back to the runner as a delayed bundle application (resume delay as the
 * requested time delay, the estimator state inside it, the watermark hold as the output
 * watermark), as Beam's Java and Go harnesses do; bundle finalization callbacks wait for the
 * runner's FinalizeBundle. While an element runs, {@link ProcessSizedOperator.trySplit} answers a
 * runner's split request by splitting its tracker.
 * @internal
 */
export class ProcessSizedOperator extends SdfStepOperator {
  /** The input's id as this transform names it (its local name). */
  readonly inputLocalName: string;
  readonly #windowedCoder: Coder<WindowedValue<unknown>>;
  readonly #outputBounded: boolean;
  /** Residual roots of the current bundle. */
  #residuals: DelayedBundleApplication[] = [];
  /** Finalization callbacks of the current bundle. */
  #finalizations: PendingFinalization[] = [];
  #running: Running | null = null;
  /** Keys of the restrictions this bundle processed. */
  #consumed: string[] = [];
  /** Keys and holds of the residuals this bundle left (split residuals are outstanding at once). */
  #produced: [string, number][] = [];

  /**
   * @param transformId - the step's id
   * @param transform - its proto
   * @param context - the bundle's operator context
   */
  constructor(transformId: string, transform: PTransformProto, context: OperatorContext) {
    super(transformId, transform, context);
    const [inputLocalName, inputId] = mainInput(transform);
    this.inputLocalName = inputLocalName;
    this.#windowedCoder = windowedInputCoder(context, inputId);
    this.#outputBounded = context.descriptor.pcollections[this.outputId]?.isBounded !== IsBounded_Enum.UNBOUNDED;
  }

  /**
   * Takes the residual roots the bundle left, as its response goes out: from then on the
   * restrictions it processed are no longer outstanding, and its residuals are.
   */
  takeResiduals(): DelayedBundleApplication[] {
    const holds = holdsOf(this.payload.localId);
    for (const key of this.#consumed) holds.remove(key);
    for (const [key, hold] of this.#produced) holds.add(key, hold);
    this.#consumed = [];
    this.#produced = [];
    const residuals = this.#residuals;
    this.#residuals = [];
    return residuals;
  }

  /** Takes the finalization callbacks the bundle registered. */
  takeFinalizations(): PendingFinalization[] {
    const finalizations = this.#finalizations;
    this.#finalizations = [];
    return finalizations;
  }

  /** Work completed and remaining of the element being processed, or null when none is. */
  progress(): { workCompleted: number; workRemaining: number } | null {
    const handle = this.#running?.handle;
    return handle === null || handle === undefined ? null : handle.getProgress();
  }

  /** Whether an element is being processed now. */
  get isProcessing(): boolean {
    return this.#running !== null;
  }

  /**
   * Splits the running element's tracker at `fractionOfRemainder` of its unclaimed rest.
   * @param fractionOfRemainder - in [0, 1]
   * @returns primary and residual roots, or null when nothing can be split off now
   */
  async trySplit(fractionOfRemainder: number): Promise<RootSplit | null> {
    const running = this.#running;
    if (running === null || running.handle === null) return null;
    const split = running.handle.trySplit(Math.min(1, Math.max(0, fractionOfRemainder)));
    if (split === null) return null;
    sdfWorkerStats.runnerSplits++;
    const primary = await this.#application(running.input, running.element, split.primary, running.watermarkState, null);
    const residual = await this.#application(running.input, running.element, split.residual, encodeState(split.estimatorState), split.watermark, true);
    return { primary, residual: { application: residual } };
  }

  protected async processOne(wvalue: WindowedValue<unknown>): Promise<void> {
    const { key: pair } = wvalue.value as SizedElement;
    const element = pair.key;
    let restriction = this.coder.decode(pair.value.key);
    const running: Running = { input: wvalue, element, watermarkState: pair.value.value, handle: null };
    this.#running = running;
    this.#consumed.push(restrictionKey(element, pair.value.key, pair.value.value));
    const checkpoints = this.payload.checkpoint;
    try {
      const result = await invokeProcessElement(this.sdf, element, restriction, watermarkStateOf(pair), {
        emit: (value, timestamp) => this.receiver.receive({ value, windows: wvalue.windows, pane: wvalue.pane, timestamp: instantAt(wvalue.timestamp, timestamp) }) ?? undefined,
        maxOutputs: checkpoints?.afterOutputs ?? 10_000,
        maxDurationMs: checkpoints?.afterMs ?? 10_000,
        onStart: (handle) => (running.handle = handle),
      });
      this.#finalizations.push(...result.finalizations);
      if (result.residual === null) return;
      restriction = result.residual;
      if (isDraining(this.payload)) {
        const truncated = this.sdf.truncateRestriction(element, result.residual);
        if (truncated === null) return;
        restriction = truncated;
      }
      sdfWorkerStats.selfCheckpoints++;
      const application = await this.#application(wvalue, element, restriction, encodeState(result.estimatorState), result.watermark);
      const delayMs = result.continuation.shouldResume ? result.continuation.resumeDelayMs : 0;
      this.#residuals.push({ application, ...(delayMs > 0 ? { requestedTimeDelay: durationOf(delayMs) } : {}) });
    } catch (error) {
      throw new WorkItemFailedError(element, running.handle?.currentRestriction() ?? restriction, error);
    } finally {
      this.#running = null;
    }
  }

  /**
   * A bundle application of this step for `element` with `restriction`, encoded as the runner
   * sent its input. A residual (a `watermark` given) carries its hold twice: as its element
   * timestamp (never below the input's), which holds the stage's watermark for that element in
   * runners that count pending elements, and in `output_watermarks` as Beam's Java and Go
   * harnesses report it — there as the minimum over every restriction of this read still
   * outstanding ({@link OutstandingHolds}), not this residual's alone: Prism (2.77) keeps one
   * estimate per stage, from whichever bundle finished last, and a single residual's hold let
   * event-time windows fire before other partitions' records were read (1,090 of 3,000 Kafka
   * records counted on time).
   */
  async #application(input: WindowedValue<unknown>, element: unknown, restriction: unknown, watermarkState: Uint8Array, watermark: number | null, split = false): Promise<BundleApplication> {
    const size = await this.sdf.getSize(element, restriction);
    const value = sized({ key: element, value: { key: this.coder.encode(restriction), value: watermarkState } }, size);
    const bounded = this.#outputBounded && this.sdf.newTracker(element, restriction).isBounded();
    let timestamp = input.timestamp;
    let outputWatermarks = {};
    if (watermark !== null) {
      const holds = holdsOf(this.payload.localId);
      const key = restrictionKey(element, value.key.value.key, watermarkState);
      if (split) holds.add(key, watermark);
      else this.#produced.push([key, watermark]);
      const outstanding = holds.report(holds.minAfter(this.#consumed, this.#produced.map(([, hold]) => hold)));
      if (watermark > MIN_TIMESTAMP) timestamp = instantAt(input.timestamp, Math.max(watermark, input.timestamp.toNumber()));
      if (outstanding > MIN_TIMESTAMP) {
        sdfWorkerStats.lastOutputWatermark = outstanding;
        outputWatermarks = { [this.outputId]: timestampOf(outstanding) };
      }
    }
    return {
      transformId: this.transformId,
      inputId: this.inputLocalName,
      element: encodeWindowed(this.#windowedCoder, { ...input, timestamp, value }),
      outputWatermarks,
      isBounded: bounded ? IsBounded_Enum.BOUNDED : IsBounded_Enum.UNBOUNDED,
    };
  }
}

function encodeState(state: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(state ?? null));
}

/** The transform's one main input: [local name, PCollection id]. */
function mainInput(transform: PTransformProto): [string, string] {
  const entries = Object.entries(transform.inputs);
  if (entries.length !== 1) throw new UnsupportedFeatureError(`sdfkit: expected one input of ${transform.uniqueName}, got ${entries.length} (side inputs are not supported)`);
  return entries[0]!;
}

/**
 * The windowed-value coder the runner encodes this step's input with: the data source's that
 * feeds it (the process step is a root of its stage), else built from the PCollection.
 */
function windowedInputCoder(context: OperatorContext, inputId: string): Coder<WindowedValue<unknown>> {
  const { descriptor, pipelineContext } = context;
  for (const transform of Object.values(descriptor.transforms)) {
    if (transform.spec?.urn !== DATA_SOURCE_URN || !Object.values(transform.outputs).includes(inputId)) continue;
    return pipelineContext.getCoder(RemoteGrpcPort.fromBinary(transform.spec.payload).coderId);
  }
  const pcollection = descriptor.pcollections[inputId]!;
  const strategy = descriptor.windowingStrategies[pcollection.windowingStrategyId]!;
  return new FullWindowedValueCoder(pipelineContext.getCoder(pcollection.coderId), pipelineContext.getCoder<Window>(strategy.windowCoderId));
}

/** Encodes a windowed value as the data channel carries it (nested context). */
function encodeWindowed(coder: Coder<WindowedValue<unknown>>, value: WindowedValue<unknown>): Uint8Array {
  const { Writer } = require(require.resolve("protobufjs", { paths: [require.resolve("apache-beam")] })) as { Writer: { create(): { finish(): Uint8Array } } };
  const writer = Writer.create();
  coder.encode(value, writer as never, CoderContext.needsDelimiters);
  return writer.finish();
}
