import { ForwardingTracker } from "../restrictions/ForwardingTracker.js";
import type { RestrictionTracker } from "../restrictions/RestrictionTracker.js";

/**
 * The tracker view handed to `processElement`: forwards to the real tracker and remembers
 * whether the last claim succeeded, so the invoker can refuse outputs no claim covers.
 *
 * Tracker methods are synchronous and JavaScript runs one callback at a time, so a split
 * requested by the runner (from a timer or another worker's message) can never land between a
 * claim's check and its update: access is serialized by construction.
 * @internal
 */
export class ClaimObservingTracker<R, P> extends ForwardingTracker<R, P> {
  /** True once any claim succeeded. */
  claimedOnce = false;
  /** True once any claim returned false; outputs are refused from then on. */
  claimFailed = false;
  /** Called on every successful claim (the invoker's time bound). */
  private readonly onClaim: () => void;

  constructor(inner: RestrictionTracker<R, P>, onClaim: () => void) {
    super(inner);
    this.onClaim = onClaim;
  }

  override tryClaim(position: P): boolean {
    const claimed = this.inner.tryClaim(position);
    if (!claimed) {
      this.claimFailed = true;
      return false;
    }
    this.claimedOnce = true;
    this.onClaim();
    return true;
  }
}
