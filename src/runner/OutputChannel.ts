/**
 * The bounded buffer between workers and the consumer. Producers push one value at a time;
 * once `capacity` values wait, `push` returns a promise that resolves when the consumer takes
 * them (backpressure). The consumer takes everything buffered in one batch; when it asks for
 * the next batch, the previous one counts as consumed and `onConsumed` is told the total.
 * @internal
 */
export class OutputChannel<T> {
  /** Values pushed and not yet taken. */
  private buffer: T[] = [];
  /** Values ever pushed. */
  private pushed = 0;
  /** Values the consumer has finished with. */
  private consumed = 0;
  /** Size of the batch the consumer currently holds. */
  private inHand = 0;
  /** Resolves when the consumer next takes a batch; shared by every producer blocked meanwhile. */
  private space: Promise<void> | null = null;
  /** Resolves `space`. */
  private releaseSpace: (() => void) | null = null;
  /** The consumer, when it waits for data. */
  private dataWaiter: (() => void) | null = null;
  /** Set once no more values will come. */
  private closed = false;

  constructor(
    private readonly capacity: number,
    private readonly onConsumed: (consumed: number) => void,
  ) {}

  /** Values ever pushed: the sequence number of the last one. */
  get pushedCount(): number {
    return this.pushed;
  }

  /** Adds a value; returns a promise while the buffer is full. Values pushed after close are dropped. */
  push(value: T): void | Promise<void> {
    if (this.closed) return;
    this.buffer.push(value);
    this.pushed++;
    if (this.dataWaiter !== null) this.wakeConsumer();
    if (this.buffer.length >= this.capacity) return this.space ?? this.newSpacePromise();
  }

  /** Adds many values at once (a batch from a worker thread); same backpressure as `push`. */
  pushMany(values: readonly T[]): void | Promise<void> {
    if (this.closed || values.length === 0) return;
    for (const value of values) this.buffer.push(value);
    this.pushed += values.length;
    if (this.dataWaiter !== null) this.wakeConsumer();
    if (this.buffer.length >= this.capacity) return this.space ?? this.newSpacePromise();
  }

  /**
   * Marks the batch in hand consumed and waits for the next one.
   * @returns the next batch, or `null` once closed and empty
   */
  async take(): Promise<T[] | null> {
    this.markConsumed();
    while (this.buffer.length === 0) {
      if (this.closed) return null;
      await new Promise<void>((resolve) => (this.dataWaiter = resolve));
    }
    const batch = this.buffer;
    this.buffer = [];
    this.inHand = batch.length;
    this.releaseProducers();
    return batch;
  }

  /** Marks the batch in hand consumed (the consumer is done with it). */
  markConsumed(): void {
    if (this.inHand === 0) return;
    this.consumed += this.inHand;
    this.inHand = 0;
    this.onConsumed(this.consumed);
  }

  /** No more values: the consumer drains what is buffered, blocked producers are released. */
  close(): void {
    this.closed = true;
    this.releaseProducers();
    if (this.dataWaiter !== null) this.wakeConsumer();
  }

  private wakeConsumer(): void {
    const wake = this.dataWaiter;
    this.dataWaiter = null;
    wake?.();
  }

  private newSpacePromise(): Promise<void> {
    this.space = new Promise<void>((resolve) => (this.releaseSpace = resolve));
    return this.space;
  }

  private releaseProducers(): void {
    const release = this.releaseSpace;
    this.space = null;
    this.releaseSpace = null;
    release?.();
  }
}
