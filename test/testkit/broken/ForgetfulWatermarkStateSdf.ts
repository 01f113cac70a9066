import { MaxTimestampEstimator, TimestampedSdf } from "./correct/TimestampedSdf.js";

/**
 * Bug 10c, a watermark that regresses across a resume: an estimator whose `getState()` returns
 * the state it was built from, not its current watermark, so a residual resumes behind the
 * watermark its parent had reached.
 */
export class ForgetfulEstimator extends MaxTimestampEstimator {
  /** The state this estimator was built from. */
  private readonly initial: number;
  constructor(state: number) {
    super(state);
    this.initial = state;
  }
  override getState(): number {
    return this.initial; // BUG: must be the current watermark
  }
}

/** {@link TimestampedSdf} with the {@link ForgetfulEstimator}. */
export class ForgetfulWatermarkStateSdf extends TimestampedSdf {
  override newWatermarkEstimator(state: number): ForgetfulEstimator {
    return new ForgetfulEstimator(state);
  }
}
