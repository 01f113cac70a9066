// Shared by the portable-runner suites: the runner for the Prism that test/services/up.sh
// started, and a sink that records what reached the end of a pipeline. The SDK worker runs in
// this process (LOOPBACK), so a DoFn can hand values to the test through a global; DoFns are
// serialized, so they name that global rather than closing over a variable.
import "apache-beam";
import type { Runner } from "apache-beam/runners/runner";
import { portableRunner } from "../../../beam/index.js";

/** A portable engine the suite runs on, and what it offers of the SDF protocol. */
export interface PortableEngine {
  readonly name: "Prism" | "Flink";
  /** sdfkit's portable runner for it; `unbounded` asks for streaming execution where the engine needs that. */
  runner(options?: { unbounded?: boolean }): Runner;
  /** Whether the engine sends ProcessBundleSplitRequests for a slow element. */
  readonly runnerSplits: boolean;
  /** Whether it sends FinalizeBundleRequests to an unbounded read (as it runs here). */
  readonly finalizesUnbounded: boolean;
}

function endpointOf(variable: string): string {
  const endpoint = process.env[variable] ?? "";
  if (!/^127\.0\.0\.1:\d+$/.test(endpoint)) throw new Error(`${variable} is not set (got "${endpoint}"); the integration global setup starts it with test/services/up.sh`);
  return endpoint;
}

/**
 * Prism and Flink (Beam's Flink job server, Flink 1.19 in-process), both started by
 * test/services/up.sh. What each offers was found by these tests:
 * - Prism splits a running element when a bundle makes no progress, and finalizes bundles.
 * - Flink's portable runner never sends split requests; it finalizes bundles only in streaming
 *   mode and only after a Flink checkpoint, and refuses finalization in batch mode
 *   (beam#19526). Unbounded reads run in streaming mode (`streaming: true`).
 */
export const ENGINES: readonly PortableEngine[] = [
  { name: "Prism", runner: () => portableRunner({ jobEndpoint: endpointOf("PRISM_JOB_ENDPOINT") }), runnerSplits: true, finalizesUnbounded: true },
  {
    name: "Flink",
    runner: (options = {}) => portableRunner({ jobEndpoint: endpointOf("FLINK_JOB_ENDPOINT"), ...(options.unbounded === true ? { streaming: true } : {}) }),
    runnerSplits: false,
    finalizesUnbounded: false,
  },
];

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
