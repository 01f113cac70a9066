import { MIN_TIMESTAMP } from "../../src/watermark/timestamps.js";

/**
 * The watermark holds of the restrictions one `sdfRead` has outstanding in this process: pieces
 * planned, and residuals handed back to the runner, until the bundle that processes them has
 * been answered (its outputs are committed with it, so a running element holds at the watermark
 * it started with). Their minimum is the output watermark a residual reports, so a runner that
 * keeps one estimate per stage (Prism keeps the last bundle's) never lets the watermark pass
 * records that another restriction of the same read has read but not yet committed. With a
 * LOOPBACK worker every step of the read runs in this process, so the set is complete.
 * @internal
 */
export class OutstandingHolds {
  /** Holds by restriction key; a key may be outstanding more than once. */
  readonly #holds = new Map<string, number[]>();
  /** The highest output watermark reported so far. */
  #reported = MIN_TIMESTAMP;
  /** A restriction became outstanding with `hold`. */
  add(key: string, hold: number): void {
    const holds = this.#holds.get(key);
    if (holds === undefined) this.#holds.set(key, [hold]);
    else holds.push(hold);
  }

  /** A restriction stopped being outstanding (it started running). */
  remove(key: string): void {
    const holds = this.#holds.get(key);
    if (holds === undefined) return;
    holds.pop();
    if (holds.length === 0) this.#holds.delete(key);
  }

  /**
   * The lowest hold outstanding once a bundle commits: without the restrictions it consumed,
   * with the residuals it produced. `MIN_TIMESTAMP` when a hold is unknown.
   * @param consumed - keys of the restrictions the bundle processed
   * @param produced - holds of the residuals it leaves
   */
  minAfter(consumed: readonly string[], produced: readonly number[]): number {
    const skip = new Map<string, number>();
    for (const key of consumed) skip.set(key, (skip.get(key) ?? 0) + 1);
    let lowest = Math.min(Infinity, ...produced);
    for (const [key, holds] of this.#holds) {
      const skipped = skip.get(key) ?? 0;
      // The lowest of a key's holds are the ones the bundle consumed: keep the highest rest.
      const kept = [...holds].sort((a, b) => b - a).slice(0, Math.max(0, holds.length - skipped));
      for (const hold of kept) lowest = Math.min(lowest, hold);
    }
    return lowest === Infinity ? MIN_TIMESTAMP : lowest;
  }

  /**
   * The output watermark to report for a bundle whose {@link minAfter} is `lowest`: never below
   * one reported before. Bundles of the same read run concurrently, and each still counts the
   * restrictions the others consumed until those answer, so one bundle's minimum can be below
   * what another already reported; that report became true once its bundle committed (the
   * others' residuals only move forward), so the higher value stands. `MIN_TIMESTAMP` (a hold
   * unknown) passes through.
   * @param lowest - the bundle's {@link minAfter}
   */
  report(lowest: number): number {
    if (lowest <= MIN_TIMESTAMP) return lowest;
    this.#reported = Math.max(this.#reported, lowest);
    return this.#reported;
  }
}

const byRead = new Map<string, OutstandingHolds>();

/** The holds of the `sdfRead` whose payloads carry `localId`. @internal */
export function holdsOf(localId: string): OutstandingHolds {
  let holds = byRead.get(localId);
  if (holds === undefined) byRead.set(localId, (holds = new OutstandingHolds()));
  return holds;
}

/** The key of a restriction of an element, as the runner hands it back byte for byte. @internal */
export function restrictionKey(element: unknown, restriction: Uint8Array, watermarkState: Uint8Array): string {
  let elementKey: string;
  try {
    elementKey = JSON.stringify(element) ?? String(element);
  } catch {
    elementKey = String(element);
  }
  return `${Buffer.from(restriction).toString("base64")}|${Buffer.from(watermarkState).toString("base64")}|${elementKey}`;
}
