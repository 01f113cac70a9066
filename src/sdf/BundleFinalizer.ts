/** A callback to run once the bundle's outputs are durably delivered. */
export type FinalizationCallback = () => void | Promise<void>;

/**
 * Registers work that is safe only after the bundle has been committed: the outputs were taken
 * by the consumer and, with a checkpoint directory, the checkpoint covering them is on disk.
 * Committing Kafka offsets or deleting processed files belongs here.
 *
 * @example
 * ```ts
 * ctx.bundleFinalizer.afterBundleCommit(() => consumer.commitOffsets(offsets), 60_000);
 * ```
 */
export interface BundleFinalizer {
  /**
   * @param callback - run at most once, after the commit
   * @param timeoutMs - dropped if the commit has not happened within this time @defaultValue 300000
   */
  afterBundleCommit(callback: FinalizationCallback, timeoutMs?: number): void;
}

/** A registered finalization: its callback and the epoch-ms time after which it is dropped. */
export interface PendingFinalization {
  /** The work to run after the commit. */
  readonly callback: FinalizationCallback;
  /** Epoch ms after which the callback is dropped instead of run. */
  readonly deadline: number;
}

/** Default time a finalization callback waits for its commit. */
export const DEFAULT_FINALIZATION_TIMEOUT_MS = 300_000;
