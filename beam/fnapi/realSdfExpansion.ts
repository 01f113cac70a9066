import "apache-beam";
import { FunctionSpec, ParDoPayload, type Components, type Pipeline as PipelineProto, type PTransform as PTransformProto } from "apache-beam/proto/beam_runner_api";
import { SDFKIT_DOFN_URN } from "../SdfReadOperator.js";
import { decodePayload, encodePayload, type SdfReadPayload } from "../sdfReadPayload.js";
import { SDFKIT_SPLITTABLE_DOFN_URN } from "./urns.js";

const PAR_DO_URN = "beam:transform:pardo:v1";
/** What a pipeline with splittable, finalizing ParDos requires of its runner (Java runners check them). */
const REQUIREMENTS = ["beam:requirement:pardo:splittable_dofn:v1", "beam:requirement:pardo:finalization:v1"];
const BYTES_CODER_ID = "sdfkit_bytes";
/** `KV<restriction bytes, watermark-state bytes>`: what Beam calls the restriction coder of an SDF. */
const RESTRICTION_CODER_ID = "sdfkit_restriction_and_watermark_state";

/**
 * Rewrites every `sdfRead` of a pipeline for a portable runner: its expansion for runners
 * without SDF support (pair and split → reshuffle → process pieces) becomes one splittable
 * ParDo, with a restriction coder (`KV<bytes, bytes>`: the source's restriction coder and the
 * watermark state as JSON) and `requests_finalization`. The runner then expands it into Beam's
 * SDF steps (pair with restriction, split and size, process sized elements and restrictions,
 * truncate for drain), which this worker runs, with self-checkpoints, runner splits and bundle
 * finalization.
 *
 * @param pipeline - the pipeline proto about to be submitted (changed in place)
 * @returns the same pipeline
 */
export function realSdfExpansion(pipeline: PipelineProto): PipelineProto {
  const components = pipeline.components;
  if (components === undefined) return pipeline;
  for (const [splitId, transform] of Object.entries(components.transforms)) {
    const payload = sdfReadPayloadOf(transform);
    if (payload?.step !== "split") continue;
    const parent = Object.values(components.transforms).find((candidate) => candidate.subtransforms.includes(splitId));
    if (parent === undefined) continue;
    const removed = parent.subtransforms.filter((id) => id !== splitId).flatMap((id) => withDescendants(components, id));
    const processId = removed.find((id) => sdfReadPayloadOf(components.transforms[id]!)?.step === "process");
    if (processId === undefined) continue;
    const process = components.transforms[processId]!;
    const kept = new Set(Object.values(process.outputs));
    const dropped = new Set([...Object.values(transform.outputs), ...removed.flatMap((id) => Object.values(components.transforms[id]!.outputs))]);
    transform.outputs = { ...process.outputs };
    transform.spec = FunctionSpec.create({
      urn: PAR_DO_URN,
      payload: ParDoPayload.toBinary(
        ParDoPayload.create({
          doFn: FunctionSpec.create({ urn: SDFKIT_SPLITTABLE_DOFN_URN, payload: encodePayload({ ...payload, step: "splittable" }) }),
          restrictionCoderId: restrictionCoder(components),
          requestsFinalization: true,
        }),
      ),
    });
    transform.uniqueName = parent.uniqueName + "/SplittableDoFn";
    for (const id of removed) delete components.transforms[id];
    for (const id of dropped) if (!kept.has(id)) delete components.pcollections[id];
    parent.subtransforms = [splitId];
    for (const requirement of REQUIREMENTS) if (!pipeline.requirements.includes(requirement)) pipeline.requirements.push(requirement);
  }
  return pipeline;
}

/** The sdfRead payload of a ParDo, or undefined for any other transform. */
function sdfReadPayloadOf(transform: PTransformProto): SdfReadPayload | undefined {
  if (transform.spec?.urn !== PAR_DO_URN) return undefined;
  const doFn = ParDoPayload.fromBinary(transform.spec.payload).doFn;
  return doFn?.urn === SDFKIT_DOFN_URN ? decodePayload(doFn.payload) : undefined;
}

function withDescendants(components: Components, id: string): string[] {
  const transform = components.transforms[id];
  return transform === undefined ? [] : [id, ...transform.subtransforms.flatMap((child) => withDescendants(components, child))];
}

/** Registers (once) and returns the id of the `KV<bytes, bytes>` restriction coder. */
function restrictionCoder(components: Components): string {
  components.coders[BYTES_CODER_ID] ??= { spec: FunctionSpec.create({ urn: "beam:coder:bytes:v1" }), componentCoderIds: [] };
  components.coders[RESTRICTION_CODER_ID] ??= { spec: FunctionSpec.create({ urn: "beam:coder:kv:v1" }), componentCoderIds: [BYTES_CODER_ID, BYTES_CODER_ID] };
  return RESTRICTION_CODER_ID;
}
