import { availableParallelism } from "node:os";
import { InvalidOptionError } from "../errors/InvalidOptionError.js";
import type { SplittableDoFn } from "../sdf/SplittableDoFn.js";
import { Execution } from "./Execution.js";
import type { ExecutionSettings } from "./ExecutionSettings.js";
import { OutputIterator } from "./OutputIterator.js";
import type { Executor } from "./Executor.js";
import { InlineExecutor } from "./InlineExecutor.js";
import type { LocalRunnerOptions } from "./LocalRunnerOptions.js";
import { ThreadExecutor } from "./threads/ThreadExecutor.js";

/** Any splittable DoFn, whatever its restriction, position and watermark types. */
export type AnySplittableDoFn<In, Out> = SplittableDoFn<In, Out, unknown, unknown, unknown>;

/**
 * Runs any {@link SplittableDoFn} on this machine, the way Beam's runners do: each element is
 * expanded into restrictions (`initialRestriction` → `splitRestriction` → `getSize`), a queue
 * of work items feeds `parallelism` workers running the invoker, idle workers split running
 * work (dynamic rebalancing), long-running items are checkpointed, residuals resume after
 * their delay, and with `checkpointDir` a crashed or cancelled run resumes where it was.
 *
 * Delivery is at-least-once across a resume: records output after the last checkpoint are
 * read again. Within one run, every record is output exactly once.
 *
 * @example
 * ```ts
 * const runner = new LocalRunner({ parallelism: 4, onProgress: (p) => console.error(p.records) });
 * for await (const item of runner.run(new PagedSource(api), ["orders"])) handle(item);
 * ```
 */
export class LocalRunner {
  /** Settled options. */
  private readonly options: LocalRunnerOptions;
  /** Runs in progress, for `drain()`. */
  private readonly active = new Set<{ drain(): void }>();

  /**
   * @param options - parallelism, checkpoint bounds and directory, cancellation, progress
   * @throws {@link InvalidOptionError} if `parallelism` is not an integer >= 1
   */
  constructor(options: LocalRunnerOptions = {}) {
    if (options.parallelism !== undefined && !(Number.isSafeInteger(options.parallelism) && options.parallelism >= 1)) {
      throw new InvalidOptionError(`Expected \`parallelism\` to be an integer >= 1, got ${String(options.parallelism)}.`);
    }
    this.options = options;
  }

  /**
   * Reads every element with `sdf`, yielding outputs as they come. The source is throttled
   * when the consumer is slow (a bounded buffer). Breaking out of the loop cancels the run.
   * @param sdf - the source
   * @param elements - its input, consumed lazily
   * @returns the outputs
   * @throws {@link WorkItemFailedError} wrapping the first failure; the signal's reason on abort;
   *   {@link CheckpointError} for an unusable checkpoint
   */
  run<In, Out>(sdf: AnySplittableDoFn<In, Out>, elements: Iterable<In> | AsyncIterable<In>): AsyncIterable<Out> {
    return { [Symbol.asyncIterator]: () => this.iterate(sdf, elements) };
  }

  /**
   * Reads every element and gathers all outputs.
   * @param sdf - the source
   * @param elements - its input
   * @returns every output
   */
  async collect<In, Out>(sdf: AnySplittableDoFn<In, Out>, elements: Iterable<In> | AsyncIterable<In>): Promise<Out[]> {
    let outputs: Out[] = [];
    const execution = this.newExecution(sdf, elements);
    this.active.add(execution);
    try {
      const done = execution.execute();
      for (let batch = await execution.channel.take(); batch !== null; batch = await execution.channel.take()) {
        if (outputs.length === 0) outputs = batch;
        else for (const value of batch) outputs.push(value);
      }
      await done;
      await execution.finish();
    } finally {
      this.active.delete(execution);
    }
    return outputs;
  }

  /**
   * Like {@link LocalRunner.run}, but yields outputs in the batches the runner already holds:
   * the fastest way to consume many small records (no promise per record).
   * @param sdf - the source
   * @param elements - its input, consumed lazily
   * @returns arrays of outputs, in order of arrival
   */
  async *runBatches<In, Out>(sdf: AnySplittableDoFn<In, Out>, elements: Iterable<In> | AsyncIterable<In>): AsyncGenerator<Out[]> {
    const execution = this.newExecution(sdf, elements);
    this.active.add(execution);
    const done = execution.execute();
    let finished = false;
    try {
      for (let batch = await execution.channel.take(); batch !== null; batch = await execution.channel.take()) yield batch;
      await done;
      finished = true;
      await execution.finish();
    } finally {
      this.active.delete(execution);
      if (!finished) {
        execution.cancel();
        await done;
        await execution.finish().catch(() => undefined);
      }
    }
  }

  /**
   * Drains every run of this runner: pending restrictions are truncated
   * (`truncateRestriction`), so bounded work finishes and unbounded work stops; the runs then
   * end normally.
   */
  drain(): void {
    for (const execution of this.active) execution.drain();
  }

  private iterate<In, Out>(sdf: AnySplittableDoFn<In, Out>, elements: Iterable<In> | AsyncIterable<In>): AsyncIterator<Out> {
    const execution = this.newExecution(sdf, elements);
    this.active.add(execution);
    const done = execution.execute();
    return new OutputIterator(execution as Execution<unknown, Out, unknown, unknown, unknown>, done, () => this.active.delete(execution));
  }

  private newExecution<In, Out>(sdf: AnySplittableDoFn<In, Out>, elements: Iterable<In> | AsyncIterable<In>) {
    const o = this.options;
    const parallelism = o.parallelism ?? availableParallelism();
    const settings: ExecutionSettings = {
      parallelism,
      dynamicSplitting: o.dynamicSplitting ?? true,
      maxOutputs: o.checkpointAfterOutputs ?? Infinity,
      maxDurationMs: o.checkpointAfterMs ?? 10_000,
      checkpointDir: o.checkpointDir,
      signal: o.signal,
      onProgress: o.onProgress,
      outputBufferSize: o.outputBufferSize ?? 4096,
      now: o.now ?? Date.now,
    };
    const executor: Executor<In, Out, unknown, unknown> = o.workerThreads
      ? new ThreadExecutor(sdf, parallelism)
      : new InlineExecutor(sdf);
    return new Execution(sdf, elements, executor, settings);
  }
}
