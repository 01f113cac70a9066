import type { Execution } from "./Execution.js";

/**
 * The `AsyncIterator` of `LocalRunner.run`: hands out the channel's batches one value at a
 * time without an async generator per value, finishes the execution at the end, and cancels
 * it when the consumer stops early.
 * @internal
 */
export class OutputIterator<Out> implements AsyncIterator<Out> {
  /** The batch being handed out. */
  private batch: Out[] = [];
  /** Next index in `batch`. */
  private index = 0;
  /** Set when the iteration ended, normally or not. */
  private ended = false;

  constructor(
    private readonly execution: Execution<unknown, Out, unknown, unknown, unknown>,
    private readonly done: Promise<void>,
    private readonly onEnd: () => void,
  ) {}

  next(): Promise<IteratorResult<Out>> {
    if (this.index < this.batch.length) return Promise.resolve({ value: this.batch[this.index++]!, done: false });
    return this.nextBatch();
  }

  async return(): Promise<IteratorResult<Out>> {
    if (!this.ended) {
      this.ended = true;
      this.onEnd();
      this.execution.cancel();
      await this.done;
      await this.execution.finish().catch(() => undefined);
    }
    return { value: undefined, done: true };
  }

  private async nextBatch(): Promise<IteratorResult<Out>> {
    if (this.ended) return { value: undefined, done: true };
    const batch = await this.execution.channel.take();
    if (batch !== null) {
      this.batch = batch;
      this.index = 1;
      return { value: batch[0]!, done: false };
    }
    this.ended = true;
    this.batch = [];
    try {
      await this.done;
      await this.execution.finish();
    } finally {
      this.onEnd();
    }
    return { value: undefined, done: true };
  }
}
