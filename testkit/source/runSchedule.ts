import { OutputOutsideClaimError } from "../../src/errors/OutputOutsideClaimError.js";
import { UnfinishedWorkError } from "../../src/errors/UnfinishedWorkError.js";
import type { RunningRestriction } from "../../src/sdf/invokeProcessElement.js";
import { invokeProcessElement } from "../../src/sdf/invokeProcessElement.js";
import type { SplittableDoFn } from "../../src/sdf/SplittableDoFn.js";
import { ConformanceViolation } from "../ConformanceReport.js";
import { show } from "../seed.js";
import { InstrumentedSdf } from "./InstrumentedSdf.js";
import type { Schedule } from "./Schedule.js";
import type { OutputOrder } from "./SourceConformanceConfig.js";

/** A piece of work waiting in the harness's queue. */
interface Piece<In, R, WS> {
  readonly elementIndex: number;
  readonly element: In;
  readonly restriction: R;
  readonly state: WS;
  /** The watermark the piece starts at; its residuals must not start lower. */
  readonly watermark: number;
  readonly label: string;
}

/** Limits of one harness run. @internal */
export interface RunLimits {
  readonly maxOutputs: number;
  readonly maxInvocations: number;
  readonly orderOf: ((output: unknown) => OutputOrder) | undefined;
}

/** What one schedule produced. @internal */
export interface RunOutcome<Out> {
  readonly outputs: Out[];
  /** What happened, in order, for a counterexample. */
  readonly log: string[];
}

/**
 * Runs `sdf` over `elements` under `schedule` with the real invoker, the way a runner would:
 * initial splits or not, injected dynamic splits and checkpoints, every residual passed
 * through the restriction coder, pieces taken in the drawn order, some concurrently.
 * Throws a {@link ConformanceViolation} on the first broken rule.
 * @internal
 */
export async function runSchedule<In, Out, R, P, WS>(
  source: SplittableDoFn<In, Out, R, P, WS>,
  elements: readonly In[],
  schedule: Schedule,
  limits: RunLimits,
  log: string[] = [],
): Promise<RunOutcome<Out>> {
  const sdf = new InstrumentedSdf(source);
  const coder = sdf.restrictionCoder();
  const outputs: Out[] = [];
  const queue: Piece<In, R, WS>[] = [];
  let invocations = 0;
  let picks = 0;
  let labels = 0;

  const throughCoder = (restriction: R, what: string): R => {
    let bytes: Uint8Array;
    try {
      bytes = coder.encode(restriction);
    } catch (error) {
      throw new ConformanceViolation("coder-round-trip", `${what} ${show(restriction)} cannot be encoded: ${String(error)}`);
    }
    let decoded: R;
    try {
      decoded = coder.decode(bytes);
    } catch (error) {
      throw new ConformanceViolation("coder-round-trip", `${what} ${show(restriction)} does not decode: ${String(error)}`);
    }
    if (show(decoded) !== show(restriction)) {
      throw new ConformanceViolation("coder-round-trip", `${what} ${show(restriction)} decodes as ${show(decoded)}`);
    }
    return decoded;
  };
  const checkSize = async (element: In, restriction: R): Promise<void> => {
    const size = await sdf.getSize(element, restriction);
    if (!(size >= 0) || !Number.isFinite(size)) {
      throw new ConformanceViolation("size", `getSize(${show(restriction)}) is ${size}; it must be finite and >= 0`);
    }
  };
  const enqueue = async (parent: { elementIndex: number; element: In }, restriction: R, state: WS, watermark: number, why: string) => {
    await checkSize(parent.element, restriction);
    const label = `p${++labels}`;
    queue.push({ ...parent, restriction, state, watermark, label });
    log.push(`  ${why}: ${label} = ${show(restriction)} (through the coder), queued`);
  };

  await sdf.setup?.();
  try {
    for (const [elementIndex, element] of elements.entries()) {
      const initial = await sdf.initialRestriction(element);
      const pieces = schedule.useInitialSplits ? await sdf.splitRestriction(element, initial) : [initial];
      log.push(`element ${elementIndex} ${show(element)}: initial restriction ${show(initial)}${schedule.useInitialSplits ? `, split into ${pieces.length}` : ""}`);
      for (const restriction of pieces) {
        const state = sdf.initialWatermarkState(element, restriction);
        const watermark = sdf.newWatermarkEstimator(state).currentWatermark();
        await enqueue({ elementIndex, element }, restriction, state, watermark, "initial piece");
      }
    }

    const process = async (piece: Piece<In, R, WS>): Promise<void> => {
      const call = invocations++;
      if (call >= limits.maxInvocations) {
        throw new ConformanceViolation("terminates", `more than ${limits.maxInvocations} processElement calls: the source does not finish`);
      }
      const injected = schedule.splits[call] ?? null;
      let running: RunningRestriction<R, WS> | null = null;
      let claims = 0;
      const pieceOutputs: Out[] = [];
      const split = async (): Promise<void> => {
        if (running === null || injected === null) return;
        const result = running.trySplit(injected.fraction);
        log.push(`  call ${call + 1} on ${piece.label}: trySplit(${injected.fraction}) after claim ${claims}${injected.deferred ? " (at the next await)" : ""} → ${result === null ? "null" : `primary ${show(result.primary)}`}`);
        if (result !== null) {
          if (result.watermark < piece.watermark) {
            throw new ConformanceViolation("watermark-monotone", `a split residual holds watermark ${result.watermark}, below its piece's ${piece.watermark}`);
          }
          await enqueue(piece, throughCoder(result.residual, "split residual"), result.estimatorState, result.watermark, "split residual");
        }
      };
      let splitDone: Promise<void> = Promise.resolve();
      let splitError: unknown = null;
      sdf.nextClaimHook = () => {
        claims++;
        if (injected === null || claims !== injected.afterClaims + 1) return;
        const done = injected.deferred ? new Promise<void>((resolve) => queueMicrotask(resolve)).then(split) : split();
        splitDone = done.catch((error: unknown) => {
          splitError ??= error;
        });
      };
      log.push(`  call ${call + 1}: process ${piece.label} = ${show(piece.restriction)}`);
      let result;
      try {
        result = await invokeProcessElement(sdf, piece.element, piece.restriction, piece.state, {
          emit: (value) => {
            pieceOutputs.push(value);
            outputs.push(value);
            if (outputs.length > limits.maxOutputs) {
              throw new ConformanceViolation("terminates", `more than ${limits.maxOutputs} outputs: the source does not stop`);
            }
          },
          maxOutputs: schedule.checkpointAfterOutputs ?? undefined,
          onStart: (handle) => (running = handle),
        });
      } catch (error) {
        if (error instanceof ConformanceViolation) throw error;
        if (error instanceof OutputOutsideClaimError) throw new ConformanceViolation("output-inside-claim", `call ${call + 1} on ${piece.label}: ${error.message}`);
        if (error instanceof UnfinishedWorkError) throw new ConformanceViolation("check-done", `call ${call + 1} on ${piece.label}: ${error.message}`);
        throw new ConformanceViolation("no-error", `call ${call + 1} on ${piece.label} failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      }
      await splitDone;
      if (splitError !== null) throw splitError;
      log.push(`  call ${call + 1} on ${piece.label}: ${result.outputs} outputs, ${claims} claims, ${String(result.continuation)}`);
      checkOrder(pieceOutputs, limits.orderOf, piece.label);
      if (result.residual !== null) {
        if (result.watermark < piece.watermark) {
          throw new ConformanceViolation("watermark-monotone", `the residual of ${piece.label} holds watermark ${result.watermark}, below the ${piece.watermark} it started at`);
        }
        await enqueue(piece, throughCoder(result.residual, "checkpoint residual"), result.estimatorState, result.watermark, "checkpoint residual");
      }
    };

    while (queue.length > 0) {
      const batch: Piece<In, R, WS>[] = [];
      while (batch.length < schedule.concurrency && queue.length > 0) {
        const pick = schedule.picks.length === 0 ? 0 : schedule.picks[picks++ % schedule.picks.length]! % queue.length;
        batch.push(queue.splice(pick, 1)[0]!);
      }
      await Promise.all(batch.map(process));
    }
  } finally {
    await sdf.teardown?.();
  }
  return { outputs, log };
}

function checkOrder<Out>(outputs: readonly Out[], orderOf: ((output: unknown) => OutputOrder) | undefined, label: string): void {
  if (orderOf === undefined) return;
  const last = new Map<string, number>();
  for (const output of outputs) {
    const { group, position } = orderOf(output);
    const previous = last.get(group);
    if (previous !== undefined && !(position > previous)) {
      throw new ConformanceViolation("order", `within ${label}, group ${group} went from position ${previous} to ${position}`);
    }
    last.set(group, position);
  }
}
