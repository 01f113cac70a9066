import type { Progress, RestrictionTracker, SplitResult } from "../restrictions/RestrictionTracker.js";

/**
 * The tracker view handed to `processElement`: forwards to the real tracker and remembers
 * whether the last claim succeeded, so the invoker can refuse outputs no claim covers.
 *
 * Tracker methods are synchronous and JavaScript runs one callback at a time, so a split
 * requested by the runner (from a timer or another worker's message) can never land between a
 * claim's check and its update: access is serialized by construction.
 * @internal
 */
export class ClaimObservingTracker<R, P> implements RestrictionTracker<R, P> {
  /** True once any claim succeeded. */
  claimedOnce = false;
  /** True once any claim returned false; outputs are refused from then on. */
  claimFailed = false;
  /** The real tracker. */
  readonly inner: RestrictionTracker<R, P>;
  /** Called on every successful claim (the invoker's time bound). */
  private readonly onClaim: () => void;

  constructor(inner: RestrictionTracker<R, P>, onClaim: () => void) {
    this.inner = inner;
    this.onClaim = onClaim;
  }

  tryClaim(position: P): boolean {
    const claimed = this.inner.tryClaim(position);
    if (!claimed) {
      this.claimFailed = true;
      return false;
    }
    this.claimedOnce = true;
    this.onClaim();
    return true;
  }

  currentRestriction(): R {
    return this.inner.currentRestriction();
  }

  trySplit(fractionOfRemainder: number): SplitResult<R> | null {
    return this.inner.trySplit(fractionOfRemainder);
  }

  checkDone(): void {
    this.inner.checkDone();
  }

  isBounded(): boolean {
    return this.inner.isBounded();
  }

  getProgress(): Progress {
    return this.inner.getProgress();
  }
}
