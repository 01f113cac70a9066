import type { AnySplittableDoFn } from "../../src/runner/LocalRunner.js";

/** Where an output sits in an order the source promises, e.g. offset within a partition. */
export interface OutputOrder {
  /** The group the order holds in (`topic/partition`). */
  readonly group: string;
  /** Position within the group; must increase within one piece of work. */
  readonly position: number;
}

/**
 * What {@link checkSourceConformance} runs: a source, its elements, and optionally the exact
 * outputs expected.
 * @typeParam In - element type
 * @typeParam Out - output type
 */
export interface SourceConformanceConfig<In, Out> {
  /** The source, or a factory for a fresh instance per run (for sources with state). */
  sdf: AnySplittableDoFn<In, Out> | (() => AnySplittableDoFn<In, Out>);
  /** The elements to read. */
  elements: readonly In[];
  /** The outputs every schedule must produce (a multiset). @defaultValue one unsplit, single-worker read */
  expected?: readonly Out[];
  /** Schedules tried. @defaultValue 100 */
  numRuns?: number;
  /** fast-check seed. @defaultValue `FC_SEED` or a fixed value */
  seed?: number;
  /** Identity of an output for the multiset comparison. @defaultValue canonical JSON */
  keyOf?(output: Out): string;
  /** The order the source promises, checked within each piece of work. @defaultValue none */
  orderOf?(output: Out): OutputOrder;
  /**
   * Guard for unbounded sources, which must stop on their own (a bounded `until`): a run that
   * outputs more than this fails as non-terminating. @defaultValue 10 × the reference count + 1000
   */
  maxOutputs?: number;
  /** Guard: a run with more `processElement` calls fails as non-terminating. @defaultValue 10000 */
  maxInvocations?: number;
}
