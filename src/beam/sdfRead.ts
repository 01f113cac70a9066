import "apache-beam";
import type { Pipeline } from "apache-beam/internal/pipeline";
import { GeneralObjectCoder } from "apache-beam/coders/js_coders";
import { FunctionSpec, ParDoPayload, type PTransform as PTransformProto } from "apache-beam/proto/beam_runner_api";
import type { PCollection } from "apache-beam/pvalue";
import { parDo } from "apache-beam/transforms/pardo";
import { withName, type PTransform } from "apache-beam/transforms/transform";
import { reshuffle } from "apache-beam/transforms/utils";
import type { SplittableDoFn } from "../sdf/SplittableDoFn.js";
import { installSdfReadOperator } from "./installSdfReadOperator.js";
import { SDFKIT_DOFN_URN } from "./SdfReadOperator.js";
import { encodePayload, payloadFor, type AnySdf, type SdfReadStep } from "./sdfReadPayload.js";

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
 * @returns the transform
 * @example
 * ```ts
 * await directRunner().run((root) =>
 *   root.apply(create(["data/*.csv"])).apply(sdfRead(new TextFileSource())).map((line) => line.length));
 * ```
 */
export function sdfRead<In, Out>(sdf: SplittableDoFn<In, Out, unknown, unknown, unknown>): PTransform<PCollection<In>, PCollection<Out>> {
  installSdfReadOperator();
  const source = sdf as unknown as AnySdf;
  const name = source.constructor.name;
  const expand = (input: PCollection<In>): PCollection<Out> =>
    input
      .apply(sdfStep<In, string>(source, "split", `sdfRead(${name})/PairWithRestrictionAndSplit`))
      .apply(withName(`sdfRead(${name})/Reshuffle`, reshuffle<string>()))
      .apply(sdfStep<string, Out>(source, "process", `sdfRead(${name})/ProcessPieces`));
  return withName(`sdfRead(${name})`, expand);
}

/** A ParDo that runs one step of `sdfRead` in {@link SdfReadOperator}. */
function sdfStep<I, O>(sdf: AnySdf, step: SdfReadStep, name: string): PTransform<PCollection<I>, PCollection<O>> {
  const payload = encodePayload(payloadFor(sdf, step));
  const expandInternal = (_input: PCollection<I>, pipeline: Pipeline, transformProto: PTransformProto): PCollection<O> => {
    transformProto.spec = FunctionSpec.create({
      urn: parDo.urn,
      payload: ParDoPayload.toBinary(ParDoPayload.create({ doFn: FunctionSpec.create({ urn: SDFKIT_DOFN_URN, payload }) })),
    });
    return pipeline.createPCollectionInternal<O>(new GeneralObjectCoder());
  };
  return withName(name, expandInternal);
}
