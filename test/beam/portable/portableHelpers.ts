// Shared by the portable-runner suites: the runner for the Prism that test/services/up.sh
// started, and a sink that records what reached the end of a pipeline. The SDK worker runs in
// this process (LOOPBACK), so a DoFn can hand values to the test through a global; DoFns are
// serialized, so they name that global rather than closing over a variable.
import "apache-beam";
import type { Runner } from "apache-beam/runners/runner";
import { portableRunner } from "../../../src/beam/index.js";

/** The Prism job endpoint from the integration setup. */
export function prismEndpoint(): string {
  const endpoint = process.env["PRISM_JOB_ENDPOINT"] ?? "";
  if (!/^127\.0\.0\.1:\d+$/.test(endpoint)) throw new Error(`PRISM_JOB_ENDPOINT is not set (got "${endpoint}"); the integration global setup starts Prism`);
  return endpoint;
}

/** sdfkit's portable runner against that Prism. */
export function prism(): Runner {
  return portableRunner({ jobEndpoint: prismEndpoint() });
}

/** What the pipelines of a test leave in this process, by sink name. */
export interface PortableSinks {
  [sink: string]: { value: unknown; at: number }[];
}

declare global {
  var sdfkitPortableSinks: PortableSinks | undefined;
}

/** Empties the sinks before a run. */
export function resetSinks(): PortableSinks {
  globalThis.sdfkitPortableSinks = {};
  return globalThis.sdfkitPortableSinks;
}

/** A map function that records each value in the sink named `sink` (pass `{ sink }` as the map's context). */
export function recordTo(value: unknown, context: { sink: string }): unknown {
  const sinks = (globalThis.sdfkitPortableSinks ??= {});
  (sinks[context.sink] ??= []).push({ value, at: Date.now() });
  return value;
}
