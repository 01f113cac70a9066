/**
 * Lets idle workers sleep until something changes (work queued, work finished) or a timeout
 * passes, instead of polling.
 * @internal
 */
export class Wakeup {
  /** Resolvers of everyone waiting; all are woken together. */
  private waiters: (() => void)[] = [];

  /** Wakes every waiter. */
  notifyAll(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /**
   * Resolves on the next `notifyAll`, or after `timeoutMs` (unref'd timer; `Infinity` = none).
   * @param timeoutMs - longest wait
   */
  wait(timeoutMs = Infinity): Promise<void> {
    return new Promise<void>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const wake = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        resolve();
      };
      this.waiters.push(wake);
      if (Number.isFinite(timeoutMs)) {
        timer = setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== wake);
          resolve();
        }, Math.max(0, timeoutMs));
      }
    });
  }
}
