import type { FetchResult } from "../log/PartitionedLog.js";
import type { LogRecord } from "../log/LogRecord.js";

/**
 * The records a partition reader fetched ahead, and exactly which offsets they account for.
 *
 * Invariant: every readable record of the partition with an offset in `[start, end)` is in the
 * buffer, in offset order; offsets in that range without a record hold nothing to read
 * (transaction markers, aborted or compacted records, retention). Batches are added with the
 * offset their fetch started at: a batch fetched from `F` holds everything readable from `F`
 * up to its last offset `L`, so it extends the buffer when `F <= end`. A batch that starts
 * past `end` extends it only when the caller vouches that the consumer skipped `[end, F)`
 * because nothing there can be read (see {@link RecordBuffer.append}).
 *
 * Pure bookkeeping, no I/O: the reader owns the consumer, this owns the offsets.
 *
 * @example
 * ```ts
 * const buffer = new RecordBuffer(100);
 * buffer.append(100, records100to149, 150);   // a commit marker at 150
 * buffer.take(120, 10);                        // records 120–129, nextOffset 130
 * buffer.take(140, 100);                       // records 140–149, nextOffset 151 (past the marker)
 * buffer.take(140, 100);                       // the same again (a checkpoint resumed at 140)
 * ```
 */
export class RecordBuffer {
  /** Buffered records; those before `#head` are below `#start` (dropped). */
  #records: LogRecord[] = [];
  /** Index of the first record at or after `#start`. */
  #head = 0;
  /** Index of the first record not handed out by the last take (`#head <= #next`). */
  #next = 0;
  /** First offset accounted for: the offset of the last take (its records stay, for a repeat). */
  #start: number;
  /** First offset not accounted for yet: where the consumer's next batch must begin. */
  #end: number;

  /**
   * @param offset - where reading starts (`start = end = offset`)
   */
  constructor(offset: number) {
    this.#start = offset;
    this.#end = offset;
  }

  /** First offset accounted for. */
  get start(): number {
    return this.#start;
  }

  /** First offset not accounted for: the position the consumer continues from. */
  get end(): number {
    return this.#end;
  }

  /** Records buffered and not handed out yet (what backpressure counts). */
  get size(): number {
    return this.#records.length - this.#next;
  }

  /**
   * Whether a read from `offset` can be served from here: `start <= offset <= end`. The records
   * of the last take stay until a take from a later offset, so repeating it (a checkpoint
   * resumed inside what was handed out) needs no seek.
   * @param offset - the offset asked for
   * @returns true when no seek is needed
   */
  covers(offset: number): boolean {
    return this.#start <= offset && offset <= this.#end;
  }

  /**
   * Forgets everything and restarts at `offset` (the reader seeks its consumer there).
   * @param offset - the new position
   */
  reset(offset: number): void {
    this.#records = [];
    this.#head = 0;
    this.#next = 0;
    this.#start = offset;
    this.#end = offset;
  }

  /**
   * Adds a fetched batch.
   *
   * - `from <= end`: the batch covers `[end, last]`; its records at `>= end` are added and
   *   `end` becomes `last + 1`. This is right even for a batch fetched before a seek: offsets
   *   never change meaning, so what a batch says about `[end, last]` stays true.
   * - `from > end`: the consumer is ahead of the buffer. Only when `contiguous` (the caller
   *   knows no seek is pending, so the consumer skipped `[end, from)` for lack of readable
   *   records) are the records added and `end` moved; otherwise the batch is ignored.
   *
   * @param from - the offset the batch was fetched from (or, when unknown, its first offset)
   * @param records - its readable records, in offset order
   * @param last - its last offset, control records and filtered records included
   * @param contiguous - whether a batch starting past `end` may be trusted to continue it
   * @returns whether the batch was used
   */
  append(from: number, records: readonly LogRecord[], last: number, contiguous: boolean): boolean {
    if (from > this.#end && !contiguous) return false;
    if (last + 1 <= this.#end) return true; // nothing new
    for (const record of records) if (record.offset >= this.#end) this.#records.push(record);
    this.#end = last + 1;
    return true;
  }

  /**
   * Hands out up to `maxRecords` records at offsets `>= offset`, dropping those below it.
   * Call only when {@link covers} is true.
   *
   * `nextOffset` is the offset after the last record handed out, moved on to the next buffered
   * record or, when none is left, to `end`: past offsets known to hold nothing.
   *
   * @param offset - the offset asked for
   * @param maxRecords - at most this many
   * @returns the records and where to fetch next (`records` empty and `nextOffset === offset` when nothing is known yet)
   */
  take(offset: number, maxRecords: number): FetchResult {
    this.#start = Math.max(this.#start, offset);
    while (this.#head < this.#records.length && (this.#records[this.#head] as LogRecord).offset < offset) this.#head++;
    const stop = Math.min(this.#records.length, this.#head + maxRecords);
    const records = this.#records.slice(this.#head, stop);
    this.#next = stop;
    const following = this.#records[stop];
    const nextOffset = following !== undefined ? following.offset : this.#end;
    this.#compact();
    return { records, nextOffset: Math.max(nextOffset, offset) };
  }

  /** Drops records below `start` from the array once they are the larger part of it. */
  #compact(): void {
    if (this.#head > 1024 && this.#head * 2 > this.#records.length) {
      this.#records = this.#records.slice(this.#head);
      this.#next -= this.#head;
      this.#head = 0;
    }
  }
}
