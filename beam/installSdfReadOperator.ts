import "apache-beam";
import { ParDoPayload, type PTransform as PTransformProto } from "apache-beam/proto/beam_runner_api";
import { parDo } from "apache-beam/transforms/pardo";
import * as operators from "apache-beam/worker/operators";
import type { IOperator, OperatorContext } from "apache-beam/worker/operators";
import { SDFKIT_DOFN_URN, SdfReadOperator } from "./SdfReadOperator.js";
import { UnsupportedVersionError } from "../src/errors/UnsupportedVersionError.js";

type OperatorConstructor = (transformId: string, transform: PTransformProto, context: OperatorContext) => IOperator;

let installed = false;

/**
 * Makes Beam's TypeScript worker run `sdfRead`'s ParDos with {@link SdfReadOperator}. Runners
 * know a closed set of transform URNs, so `sdfRead` uses the standard ParDo URN with its own
 * DoFn URN inside; the worker's ParDo constructor is wrapped to build our operator for that
 * DoFn URN and Beam's own for every other ParDo. Idempotent.
 */
export function installSdfReadOperator(): void {
  if (installed) return;
  const original = beamParDoConstructor();
  operators.registerOperatorConstructor(parDo.urn, (transformId, transform, context) => {
    const spec = ParDoPayload.fromBinary(transform.spec!.payload);
    if (spec.doFn?.urn === SDFKIT_DOFN_URN) return new SdfReadOperator(transformId, transform, context);
    return original(transformId, transform, context);
  });
  installed = true;
}

/**
 * Beam's registered ParDo constructor. apache-beam 2.49.0 exports no getter for its operator
 * registry, so the constructor is caught on its way out of the registry's `Map.get` while
 * `createOperator` looks up a probe transform (whose construction then fails, as intended).
 */
function beamParDoConstructor(): OperatorConstructor {
  const realGet = Map.prototype.get;
  let found: OperatorConstructor | undefined;
  Map.prototype.get = function get(this: Map<unknown, unknown>, key: unknown): unknown {
    const value: unknown = realGet.call(this, key);
    if (key === parDo.urn && typeof value === "function" && found === undefined) found = value as OperatorConstructor;
    return value;
  };
  try {
    const probe = { descriptor: { transforms: { probe: { spec: { urn: parDo.urn, payload: new Uint8Array() }, outputs: {} } } }, getReceiver: () => undefined };
    operators.createOperator("probe", probe as unknown as OperatorContext);
  } catch {
    // The probe has no output: Beam's constructor throws once it has been found.
  } finally {
    Map.prototype.get = realGet;
  }
  if (found === undefined) throw new UnsupportedVersionError("sdfkit/beam: could not find Beam's ParDo operator; this apache-beam version is not supported (use 2.49.0)");
  return found;
}
