import { ForwardingTracker } from "./ForwardingTracker.js";
import type { RestrictionTracker } from "./RestrictionTracker.js";

/**
 * The tracker of class `type` behind `tracker`: `tracker` itself, or the first one found by
 * following `inner` through the {@link ForwardingTracker} views wrapped around it (the view a
 * runner hands to `processElement`, a testkit hook). How a source reaches the extra methods of
 * its own tracker from `ctx.tracker`, without a side table; claims SHOULD still go through
 * `ctx.tracker`, so the views see them.
 *
 * @typeParam T - the tracker class's instance type
 * @param tracker - the tracker as received, e.g. `ctx.tracker`
 * @param type - the class to look for
 * @returns the tracker of that class, or `undefined` if the chain holds none
 *
 * @example
 * ```ts
 * const watch = unwrapTracker(ctx.tracker, FileWatchTracker);   // through the runner's view
 * watch?.announce(uri);
 * ```
 */
export function unwrapTracker<R, P, T>(tracker: RestrictionTracker<R, P>, type: abstract new (...args: never[]) => T): T | undefined {
  let current: unknown = tracker;
  while (!(current instanceof type)) {
    if (!(current instanceof ForwardingTracker)) return undefined;
    current = (current as ForwardingTracker<unknown, unknown>).inner;
  }
  return current;
}
