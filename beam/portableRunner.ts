import { createRequire } from "node:module";
import type { Pipeline as PipelineProto } from "apache-beam/proto/beam_runner_api";
import type { PipelineOptions } from "apache-beam/options/pipeline_options";
import type { PipelineResult, Runner } from "apache-beam/runners/runner";
import { earliestPieceTimestamps } from "./earliestPieceTimestamps.js";
import { installSdfOperators } from "./fnapi/installSdfOperators.js";
import { installSdfWorker } from "./fnapi/installSdfWorker.js";
import { realSdfExpansion } from "./fnapi/realSdfExpansion.js";
import { installSdfReadOperator } from "./installSdfReadOperator.js";
import { applyBeamMends } from "./mends/applyBeamMends.js";

const require = createRequire(import.meta.url);

/** Options of {@link portableRunner}. */
export interface PortableRunnerOptions {
  /** The Job API endpoint, `host:port` (Prism, Flink's job server, …). */
  readonly jobEndpoint: string;
  /** Further pipeline options, passed to Beam's `PortableRunner` as they are. */
  readonly [option: string]: unknown;
}

/**
 * A Beam runner that submits pipelines to a Job API endpoint (Prism, Flink's job server,
 * Dataflow's) with the SDK worker in this process (`LOOPBACK`): Beam's `PortableRunner` with
 * the run-time mends apache-beam 2.49.0 needs applied first (see
 * `applyBeamMends`; skipped for other SDK versions), and `sdfRead`'s reshuffle keeping the
 * pieces' timestamps (see `earliestPieceTimestamps`) so event-time windows downstream work.
 *
 * @param options - the job endpoint and any other Beam pipeline options
 * @returns the runner; `await runner.run((root) => …)` submits and waits for the job
 * @example
 * ```ts
 * await portableRunner({ jobEndpoint: "127.0.0.1:8073" }).run((root) =>
 *   root.apply(create(["data/*.csv"])).apply(sdfRead(new TextFileSource())));
 * ```
 */
export function portableRunner(options: PortableRunnerOptions): Runner {
  applyBeamMends();
  installSdfWorker();
  installSdfReadOperator();
  installSdfOperators();
  // Loaded only now, after the mends replaced the worker class its modules capture.
  const { PortableRunner } = require("apache-beam/runners/portable_runner/runner") as {
    PortableRunner: new (options: Record<string, unknown>) => Runner;
  };
  const runner = new PortableRunner({ environmentType: "LOOPBACK", ...options });
  const submit = runner.runPipeline.bind(runner);
  runner.runPipeline = (pipeline: PipelineProto, pipelineOptions?: PipelineOptions): Promise<PipelineResult> =>
    submit(realSdfExpansion(earliestPieceTimestamps(pipeline)), pipelineOptions);
  return runner;
}
