import { randomUUID } from "node:crypto";
import { loadModuleReference } from "../src/runner/loadModuleReference.js";
import type { SdfModuleReference } from "../src/sdf/SdfModuleReference.js";
import type { SplittableDoFn } from "../src/sdf/SplittableDoFn.js";
import { InvalidSourceError } from "../src/errors/InvalidSourceError.js";

/** Any source, as the Beam operators hold it. */
export type AnySdf = SplittableDoFn<unknown, unknown, unknown, unknown, unknown>;

/**
 * The steps of the expansion that run source code: planning pieces and reading them (Beam's
 * direct runner), or the whole splittable DoFn, run by a portable runner's SDF steps.
 */
export type SdfReadStep = "split" | "process" | "splittable";

/** When a piece checkpoints itself on a portable runner (Beam's defaults: 10,000 outputs, 10 s). */
export interface SdfCheckpointBounds {
  readonly afterOutputs?: number;
  readonly afterMs?: number;
}

/**
 * What an `sdfRead` step carries in its Beam transform: plain JSON, so neither runner nor
 * `serialize-closures` ever sees the source object.
 */
export interface SdfReadPayload {
  /** Which step this is. */
  readonly step: SdfReadStep;
  /** The source's name, for messages. */
  readonly name: string;
  /** Key of the source instance in this process (pipelines built and run in one process). */
  readonly localId: string;
  /** Where another process loads the source from, when it implements `moduleReference()`. */
  readonly moduleReference: SdfModuleReference | null;
  /** Self-checkpoint bounds on portable runners. */
  readonly checkpoint?: SdfCheckpointBounds;
}

/** Sources handed to `sdfRead` in this process, by payload id. */
const localSources = new Map<string, AnySdf>();
/** Drain signals handed to `sdfRead` in this process, by payload id. */
const localDrains = new Map<string, AbortSignal>();

/** Registers the drain signal of the `sdfRead` whose payloads carry `localId`. */
export function registerDrain(localId: string, signal: AbortSignal): void {
  localDrains.set(localId, signal);
}

/** Whether the `sdfRead` of a payload is being drained (its signal, in this process, aborted). */
export function isDraining(payload: SdfReadPayload): boolean {
  return localDrains.get(payload.localId)?.aborted === true;
}

/** Registers `sdf` for this process and returns the payload of `step`. */
export function payloadFor(sdf: AnySdf, step: SdfReadStep, localId: string = randomUUID(), checkpoint?: SdfCheckpointBounds): SdfReadPayload {
  localSources.set(localId, sdf);
  return { step, name: sdf.constructor.name, localId, moduleReference: portableReference(sdf), ...(checkpoint === undefined ? {} : { checkpoint }) };
}

/** The source's module reference, or null when it has none or its options cannot travel. */
function portableReference(sdf: AnySdf): SdfModuleReference | null {
  try {
    return sdf.moduleReference?.() ?? null;
  } catch {
    return null;
  }
}

/** Encodes a payload for a `FunctionSpec`. */
export function encodePayload(payload: SdfReadPayload): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(payload));
}

/** Decodes what {@link encodePayload} wrote. */
export function decodePayload(bytes: Uint8Array): SdfReadPayload {
  return JSON.parse(new TextDecoder().decode(bytes)) as SdfReadPayload;
}

/**
 * The source a payload names: the instance itself when the worker runs in the process that
 * built the pipeline (Beam's direct runner, a portable runner with a LOOPBACK worker), else
 * loaded from its module reference (a worker in another process).
 *
 * @throws TypeError when neither is available, saying what the source must implement
 */
export async function sourceOf(payload: SdfReadPayload): Promise<AnySdf> {
  const local = localSources.get(payload.localId);
  if (local !== undefined) return local;
  if (payload.moduleReference !== null) return loadModuleReference(payload.moduleReference);
  throw new InvalidSourceError(
    `sdfRead(${payload.name}): this worker runs in another process than the pipeline's, and ${payload.name} gave no moduleReference() ` +
      `(it has none, or its options are functions or live objects): implement it (return { url: import.meta.url, exportName: "${payload.name}", options }) ` +
      `with plain-data options so workers can load it.`,
  );
}
