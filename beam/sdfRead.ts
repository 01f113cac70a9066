import "apache-beam";
import type { Pipeline } from "apache-beam/internal/pipeline";
import { GeneralObjectCoder } from "apache-beam/coders/js_coders";
import { FunctionSpec, ParDoPayload, type PTransform as PTransformProto } from "apache-beam/proto/beam_runner_api";
import type { PCollection } from "apache-beam/pvalue";
import { parDo } from "apache-beam/transforms/pardo";
import { withName, type PTransform } from "apache-beam/transforms/transform";
import { reshuffle } from "apache-beam/transforms/utils";
import type { SplittableDoFn } from "../src/sdf/SplittableDoFn.js";
import { installSdfReadOperator } from "./installSdfReadOperator.js";
import { SDFKIT_DOFN_URN } from "./SdfReadOperator.js";
import { randomUUID } from "node:crypto";
import { InvalidOptionError } from "../src/errors/InvalidOptionError.js";
import { encodePayload, payloadFor, registerDrain, type AnySdf, type SdfCheckpointBounds, type SdfReadPayload } from "./sdfReadPayload.js";

/**
 * Reads with any sdfkit source inside an Apache Beam TypeScript pipeline: a `PTransform` from
 * a `PCollection` of elements (paths, globs, topics) to a `PCollection` of the source's outputs.
 *
 * It expands the SDF the way Beam's runners do for runners without SDF support: each element is
 * paired with its initial restriction and that restriction's initial splits (each sized); a
 * reshuffle spreads the pieces over the workers; each piece is then processed by sdfkit's
 * invoker inside one bundle, looping over checkpoints and resumes (waiting out resume delays)
 * until it is done. Outputs carry the source's timestamps, so windowing downstream works.
 * Parallelism comes from the initial splits; the runner cannot split or checkpoint a piece
 * while it runs, so an unbounded read (a log without `until`) never finishes its bundle.
 *
 * The source object itself is not serialized: a worker in the pipeline's process (Beam's
 * direct runner, a portable runner with a LOOPBACK worker) uses the instance given here; a
 * worker in another process loads it through the source's `moduleReference()`.
 *
 * @param sdf - the source
 * @param options - self-checkpoint bounds on portable runners, a drain signal
 * @returns the transform
 * @example
 * ```ts
 * await directRunner().run((root) =>
 *   root.apply(create(["data/*.csv"])).apply(sdfRead(new TextFileSource())).map((line) => line.length));
 * ```
 */
export function sdfRead<In, Out>(sdf: SplittableDoFn<In, Out, unknown, unknown, unknown>, options: SdfReadOptions = {}): PTransform<PCollection<In>, PCollection<Out>> {
  installSdfReadOperator();
  const source = sdf as unknown as AnySdf;
  const name = source.constructor.name;
  const localId = randomUUID();
  if (options.drain !== undefined) registerDrain(localId, options.drain);
  const checkpoint = checkpointBounds(options);
  const expand = (input: PCollection<In>): PCollection<Out> =>
    input
      .apply(sdfStep<In, string>(payloadFor(source, "split", localId, checkpoint), `sdfRead(${name})/PairWithRestrictionAndSplit`))
      .apply(withName(`sdfRead(${name})/Reshuffle`, reshuffle<string>()))
      .apply(sdfStep<string, Out>(payloadFor(source, "process", localId, checkpoint), `sdfRead(${name})/ProcessPieces`));
  return withName(`sdfRead(${name})`, expand);
}

/** Options of {@link sdfRead}; all optional. */
export interface SdfReadOptions {
  /**
   * On portable runners, a running piece checkpoints itself after this many outputs (its rest
   * goes back to the runner as a residual). @defaultValue 10000 (Beam's)
   */
  readonly checkpointAfterOutputs?: number;
  /** …or this many ms after its first claim. @defaultValue 10000 (Beam's) */
  readonly checkpointAfterMs?: number;
  /**
   * Drains the read when it aborts, as a runner's drain does: from then on, every residual is
   * truncated (`truncateRestriction`), so bounded work finishes and unbounded work stops and the
   * job can end. Only for workers in this process (Beam's direct runner, `portableRunner`'s
   * LOOPBACK worker); a runner's own drain (Dataflow) reaches sources through Beam's truncate step.
   */
  readonly drain?: AbortSignal;
}

function checkpointBounds(options: SdfReadOptions): SdfCheckpointBounds | undefined {
  for (const name of ["checkpointAfterOutputs", "checkpointAfterMs"] as const) {
    const value = options[name];
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= 1)) throw new InvalidOptionError(`Expected sdfRead's \`${name}\` to be an integer >= 1, got ${String(value)}.`);
  }
  if (options.checkpointAfterOutputs === undefined && options.checkpointAfterMs === undefined) return undefined;
  return { ...(options.checkpointAfterOutputs === undefined ? {} : { afterOutputs: options.checkpointAfterOutputs }), ...(options.checkpointAfterMs === undefined ? {} : { afterMs: options.checkpointAfterMs }) };
}

/** A ParDo that runs one step of `sdfRead` in {@link SdfReadOperator}. */
function sdfStep<I, O>(stepPayload: SdfReadPayload, name: string): PTransform<PCollection<I>, PCollection<O>> {
  const payload = encodePayload(stepPayload);
  const expandInternal = (_input: PCollection<I>, pipeline: Pipeline, transformProto: PTransformProto): PCollection<O> => {
    transformProto.spec = FunctionSpec.create({
      urn: parDo.urn,
      payload: ParDoPayload.toBinary(ParDoPayload.create({ doFn: FunctionSpec.create({ urn: SDFKIT_DOFN_URN, payload }) })),
    });
    return pipeline.createPCollectionInternal<O>(new GeneralObjectCoder());
  };
  return withName(name, expandInternal);
}
