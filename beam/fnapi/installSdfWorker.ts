import { createRequire } from "node:module";
import type { InstructionRequest, InstructionResponse, ProcessBundleSplitRequest, ProcessBundleSplitResponse } from "apache-beam/proto/beam_fn_api";
import type { BundleProcessor, Worker } from "apache-beam/worker/worker";
import type { DataSourceOperator } from "apache-beam/worker/operators";
import type { MonitoringInfo } from "apache-beam/proto/metrics";
import type { PendingFinalization } from "../../src/sdf/BundleFinalizer.js";
import { progressInfos } from "./progressInfos.js";
import { ProcessSizedOperator, sdfWorkerStats } from "./ProcessSizedOperator.js";

const require = createRequire(import.meta.url);

type WorkerClass = new (...args: never[]) => Worker;

let installed = false;

/** A split response that splits nothing. */
const NO_SPLIT: ProcessBundleSplitResponse = { primaryRoots: [], residualRoots: [], channelSplits: [] };

/**
 * Replaces Beam's TypeScript worker class (apache-beam 2.49.0 knows no SDF) by one that
 * speaks the Fn API's SDF protocol for sdfkit's process step:
 *
 * - a ProcessBundleResponse carries the residual roots the bundle left (self-checkpoints and
 *   `resume()`s, with their requested time delays and output watermarks) and
 *   `requires_finalization` when a source registered `afterBundleCommit` callbacks;
 * - a FinalizeBundleRequest runs those callbacks, so a source commits (Kafka offsets) only after
 *   the runner committed the bundle's outputs;
 * - a progress response carries each running SDF element's work completed and remaining
 *   (`beam:metric:ptransform_progress:*`), and a MonitoringInfosMetadata request is answered;
 * - a ProcessBundleSplitRequest aimed at the element being processed (the last one the runner
 *   sent) splits its tracker and answers with primary and residual roots, like Beam's Go and
 *   Java harnesses; other splits stay Beam's channel splits.
 *
 * Install before the portable runner's modules load (they keep a reference to the class).
 * Idempotent.
 */
export function installSdfWorker(): void {
  if (installed) return;
  const workerModule = require("apache-beam/worker/worker") as { Worker: WorkerClass };
  workerModule.Worker = sdfWorkerClass(workerModule.Worker);
  installed = true;
}

function sdfWorkerClass(Base: WorkerClass): WorkerClass {
  return class SdfWorker extends (Base as new (...args: unknown[]) => Worker) {
    /** Finalization callbacks by the instruction id of their bundle. */
    readonly #finalizations = new Map<string, PendingFinalization[]>();

    override async handleRequest(request: InstructionRequest): Promise<boolean | void> {
      if (request.request.oneofKind === "finalizeBundle") {
        return this.controlChannel.write(await this.#finalize(request.instructionId, request.request.finalizeBundle.instructionId));
      }
      if (request.request.oneofKind === "monitoringInfos") {
        // What the short ids of earlier responses stand for (Beam's TypeScript worker answers
        // "Unknown instruction type").
        const monitoringInfo: Record<string, MonitoringInfo> = {};
        for (const id of request.request.monitoringInfos.monitoringInfoId) {
          const info = this.metricsShortIdCache.asMonitoringInfo(id) as MonitoringInfo | undefined;
          if (info !== undefined) monitoringInfo[id] = info;
        }
        return this.controlChannel.write({ instructionId: request.instructionId, error: "", response: { oneofKind: "monitoringInfos", monitoringInfos: { monitoringInfo } } });
      }
      return super.handleRequest(request);
    }

    /** Adds the progress of running SDF elements (work completed and remaining) to a progress response. */
    override async progress(request: InstructionRequest): Promise<InstructionResponse> {
      const response = await super.progress(request);
      if (request.request.oneofKind !== "processBundleProgress" || response.response.oneofKind !== "processBundleProgress") return response;
      const processor = this.activeBundleProcessors.get(request.request.processBundleProgress.instructionId);
      for (const operator of processor === undefined ? [] : processSizedOperators(processor)) {
        const progress = operator.progress();
        if (progress === null) continue;
        response.response.processBundleProgress.monitoringInfos.push(...progressInfos(operator.transformId, progress));
        sdfWorkerStats.progressReports++;
      }
      return response;
    }

    /** Adds residual roots and the finalization flag to a finished bundle's response. */
    override async respond(response: InstructionResponse): Promise<boolean> {
      if (response.response.oneofKind === "processBundle" && response.error === "") {
        const processor = this.activeBundleProcessors.get(response.instructionId);
        if (processor !== undefined) {
          const finalizations: PendingFinalization[] = [];
          for (const operator of processSizedOperators(processor)) {
            response.response.processBundle.residualRoots.push(...operator.takeResiduals());
            finalizations.push(...operator.takeFinalizations());
          }
          if (finalizations.length > 0) {
            this.#finalizations.set(response.instructionId, finalizations);
            response.response.processBundle.requiresFinalization = true;
          }
        }
      }
      return super.respond(response);
    }

    override async split(request: InstructionRequest): Promise<InstructionResponse> {
      if (request.request.oneofKind === "processBundleSplit") {
        const splitRequest = request.request.processBundleSplit;
        const processor = this.activeBundleProcessors.get(splitRequest.instructionId);
        // A bundle that finished while the request was on its way: nothing to split (as Beam's
        // Go harness answers); Beam's TypeScript worker answers an error, which fails the job.
        const split = processor === undefined ? NO_SPLIT : await splitRunningElement(processor, splitRequest);
        if (split !== null) return { instructionId: request.instructionId, error: "", response: { oneofKind: "processBundleSplit", processBundleSplit: split } };
      }
      return super.split(request);
    }

    async #finalize(instructionId: string, bundleId: string): Promise<InstructionResponse> {
      const finalizations = this.#finalizations.get(bundleId) ?? [];
      this.#finalizations.delete(bundleId);
      const failures: string[] = [];
      for (const finalization of finalizations) {
        if (Date.now() > finalization.deadline) continue;
        try {
          await finalization.callback();
          sdfWorkerStats.finalizations++;
        } catch (error) {
          failures.push(String(error));
        }
      }
      const error = failures.length === 0 ? "" : `sdfkit: ${failures.length} bundle finalization callback(s) of bundle ${bundleId} failed: ${failures.join("; ")}`;
      return { instructionId, error, response: { oneofKind: "finalizeBundle", finalizeBundle: {} } };
    }
  } as unknown as WorkerClass;
}

function processSizedOperators(processor: BundleProcessor): ProcessSizedOperator[] {
  return [...processor.operators.values()].filter((operator): operator is ProcessSizedOperator => operator instanceof ProcessSizedOperator);
}

/**
 * A sub-element split: when the runner asks to split within the last element of the bundle and
 * that element is being processed by sdfkit's process step, its tracker is split; the data
 * source then stops after that element.
 */
async function splitRunningElement(processor: BundleProcessor, request: ProcessBundleSplitRequest): Promise<ProcessBundleSplitResponse | null> {
  const root = processor.topologicallyOrderedOperators[0] as DataSourceOperator | undefined;
  const desired = root === undefined ? undefined : request.desiredSplits[root.transformId];
  if (root === undefined || desired === undefined || !root.started) return null;
  const operator = processSizedOperators(processor).find((candidate) => candidate.isProcessing);
  if (operator === undefined) return null;
  const current = root.lastProcessedElement;
  const end = root.lastToProcessElement < Infinity ? root.lastToProcessElement : Number(desired.estimatedInputElements) - 1;
  if (current < end) return null; // elements are still queued: Beam's channel split divides them
  const split = await operator.trySplit(desired.fractionOfRemainder);
  if (split === null) return null;
  root.lastToProcessElement = current;
  return {
    primaryRoots: [split.primary],
    residualRoots: [split.residual],
    channelSplits: [{ transformId: root.transformId, lastPrimaryElement: BigInt(current - 1), firstResidualElement: BigInt(current + 1) }],
  };
}
