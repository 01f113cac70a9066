import type { Progress, RestrictionTracker, SplitResult } from "./RestrictionTracker.js";

/**
 * A tracker that forwards every call to another one: the base for trackers that add one
 * behaviour by wrapping (never splitting, observing claims) and override only that method.
 *
 * @example
 * ```ts
 * class CountingTracker<R, P> extends ForwardingTracker<R, P> {
 *   claims = 0;
 *   override tryClaim(position: P) { this.claims++; return super.tryClaim(position); }
 * }
 * ```
 */
export class ForwardingTracker<R, P> implements RestrictionTracker<R, P> {
  /** The tracker every call goes to. */
  readonly inner: RestrictionTracker<R, P>;

  /** @param inner - the tracker to forward to */
  constructor(inner: RestrictionTracker<R, P>) {
    this.inner = inner;
  }

  /** Forwards to the wrapped tracker. */
  tryClaim(position: P): boolean {
    return this.inner.tryClaim(position);
  }

  /** Forwards to the wrapped tracker. */
  currentRestriction(): R {
    return this.inner.currentRestriction();
  }

  /** Forwards to the wrapped tracker. */
  trySplit(fractionOfRemainder: number): SplitResult<R> | null {
    return this.inner.trySplit(fractionOfRemainder);
  }

  /** Forwards to the wrapped tracker. */
  checkDone(): void {
    this.inner.checkDone();
  }

  /** Forwards to the wrapped tracker. */
  isBounded(): boolean {
    return this.inner.isBounded();
  }

  /** Forwards to the wrapped tracker. */
  getProgress(): Progress {
    return this.inner.getProgress();
  }
}
