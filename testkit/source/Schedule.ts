import fc from "fast-check";

/** A split injected into one `processElement` call. @internal */
export interface InjectedSplit {
  /** Successful claims after which the split lands. */
  readonly afterClaims: number;
  /** `trySplit` fraction; 0 is a checkpoint. */
  readonly fraction: number;
  /** Right after the claim (false) or at the source's next await (true). */
  readonly deferred: boolean;
}

/**
 * One way to run a source, drawn by fast-check: whether to use its initial splits, which
 * splits land in which call, runner checkpoints, the order pieces run in, and concurrency.
 * @internal
 */
export interface Schedule {
  readonly useInitialSplits: boolean;
  /** Split injected into the n-th call (`null`: none). */
  readonly splits: readonly (InjectedSplit | null)[];
  /** Runner checkpoint after this many outputs per call (`null`: none). */
  readonly checkpointAfterOutputs: number | null;
  /** Picks the next queued piece: index modulo queue length. */
  readonly picks: readonly number[];
  /** Pieces processed at once. */
  readonly concurrency: number;
}

/** The schedule arbitrary. @internal */
export const scheduleArbitrary: fc.Arbitrary<Schedule> = fc.record({
  useInitialSplits: fc.boolean(),
  splits: fc.array(
    fc.option(
      fc.record({
        afterClaims: fc.nat(40),
        fraction: fc.oneof(fc.constant(0), fc.constant(0.5), fc.double({ min: 0, max: 1, noNaN: true })),
        deferred: fc.boolean(),
      }),
      { nil: null },
    ),
    { maxLength: 12 },
  ),
  checkpointAfterOutputs: fc.option(fc.integer({ min: 1, max: 50 }), { nil: null }),
  picks: fc.array(fc.nat(20), { maxLength: 30 }),
  concurrency: fc.integer({ min: 1, max: 3 }),
});

/** The unsplit, single-worker read used as the reference. @internal */
export const referenceSchedule: Schedule = {
  useInitialSplits: false,
  splits: [],
  checkpointAfterOutputs: null,
  picks: [],
  concurrency: 1,
};

/** One line describing a schedule's settings. @internal */
export function describeSchedule(schedule: Schedule): string {
  return (
    `${schedule.useInitialSplits ? "with" : "without"} initial splits, ` +
    `${schedule.checkpointAfterOutputs === null ? "no runner checkpoints" : `runner checkpoint after ${schedule.checkpointAfterOutputs} outputs per call`}, ` +
    `${schedule.concurrency} piece(s) at a time`
  );
}
