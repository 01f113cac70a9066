import type { PendingFinalization } from "../sdf/BundleFinalizer.js";

/**
 * Runs bundle finalizations once their bundle is committed: the consumer took all outputs up
 * to the bundle's last sequence number (and, when checkpointing, a checkpoint written after
 * that is on disk). Expired callbacks are dropped; a failing one is retried once, then logged.
 * @internal
 */
export class Finalizations {
  /** Registered callbacks with the output sequence number that must be consumed first. */
  private waiting: { readonly upTo: number; readonly finalizations: readonly PendingFinalization[] }[] = [];
  /** Callbacks whose outputs were consumed, waiting for a checkpoint write. */
  private committable: PendingFinalization[] = [];
  /** Callbacks running now. */
  private running = new Set<Promise<void>>();

  constructor(
    private readonly now: () => number,
    private readonly log: (message: string) => void,
  ) {}

  /** Registers the finalizations of a bundle whose outputs end at sequence `upTo`. */
  register(finalizations: readonly PendingFinalization[], upTo: number): void {
    if (finalizations.length > 0) this.waiting.push({ upTo, finalizations });
  }

  /** Whether any finalization waits for a commit. */
  get hasWaiting(): boolean {
    return this.waiting.length > 0 || this.committable.length > 0;
  }

  /** The consumer has taken `consumed` outputs: their bundles become committable. */
  outputsConsumed(consumed: number): void {
    const still: typeof this.waiting = [];
    for (const entry of this.waiting) {
      if (entry.upTo <= consumed) this.committable.push(...entry.finalizations);
      else still.push(entry);
    }
    this.waiting = still;
  }

  /**
   * Runs every committable callback (call after the checkpoint covering them is written, or
   * right after `outputsConsumed` when there is no checkpoint).
   */
  commit(): void {
    const ready = this.committable;
    this.committable = [];
    for (const finalization of ready) {
      if (this.now() > finalization.deadline) {
        this.log("sdfkit: a bundle finalization expired before its bundle was committed; dropped");
        continue;
      }
      const run = this.runWithRetry(finalization).finally(() => this.running.delete(run));
      this.running.add(run);
    }
  }

  /** Resolves when every started callback has settled. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }

  private async runWithRetry(finalization: PendingFinalization): Promise<void> {
    try {
      await finalization.callback();
    } catch (first) {
      this.log(`sdfkit: a bundle finalization failed, retrying once: ${String(first)}`);
      try {
        await finalization.callback();
      } catch (second) {
        this.log(`sdfkit: a bundle finalization failed twice and was dropped: ${String(second)}`);
      }
    }
  }
}
