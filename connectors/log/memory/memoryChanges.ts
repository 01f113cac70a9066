/** Longest single timer Node accepts (2^31 - 1 ms, about 24.8 days); longer waits are re-armed by the caller. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Wakes the fetches waiting on a partition when it changes (an append, skipped offsets, the log
 * closing): event-driven, no polling. Each waiter is one promise, one timer and one abort
 * listener, all released when it wakes.
 * @internal
 */
export class ChangeNotifier {
  /** Wake-up functions of the pending waits; each removes itself when called. */
  readonly #waiters = new Set<() => void>();

  /** How many waits are pending. */
  get waiting(): number {
    return this.#waiters.size;
  }

  /**
   * Resolves at the next {@link notify}, after `ms` (at most about 24.8 days), or when `signal`
   * aborts, whichever is first; at once if `signal` already aborted.
   *
   * @param ms - longest wait, ms
   * @param signal - ends the wait early
   */
  wait(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted === true) {
        resolve();
        return;
      }
      const wake = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", wake);
        this.#waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, Math.min(ms, MAX_TIMER_MS));
      signal?.addEventListener("abort", wake, { once: true });
      this.#waiters.add(wake);
    });
  }

  /** Wakes every pending wait. */
  notify(): void {
    if (this.#waiters.size === 0) return;
    for (const wake of [...this.#waiters]) wake();
  }
}
