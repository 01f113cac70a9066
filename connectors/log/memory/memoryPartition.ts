import { ChangeNotifier } from "./memoryChanges.js";
import { snapshotRecord, type RecordBody } from "./memoryRecord.js";
import type { LogRecord } from "../LogRecord.js";
import type { FetchResult, PartitionOffsets } from "../PartitionedLog.js";

/** How long records are kept in a partition of a `MemoryLog`; checked at every append. */
export interface MemoryRetention {
  /** Keep at most this many records (the oldest go first). @defaultValue no limit */
  readonly maxRecords?: number;
  /**
   * Delete records whose timestamp is more than this many ms before the log's clock. Like
   * Kafka's segment retention it deletes a prefix: it stops at the first record young enough,
   * even if later records (with out-of-order timestamps) are older. @defaultValue no limit
   */
  readonly maxAgeMs?: number;
}

/** Below this many deleted records at the head, the records array is not copied to reclaim them. */
const RECLAIM_MIN = 1024;

/**
 * One partition of a `MemoryLog`: records sorted by offset, possibly with gaps, in an array
 * whose live part starts at `#head` (retention deletes by moving the head; the array is copied
 * once the dead part is over half of it, so appends and deletes are O(1) amortized and a
 * fetch at an offset is a binary search).
 * @internal
 */
export class MemoryPartition {
  /** Frozen records, offsets strictly increasing; live ones are at indexes `>= #head`. */
  #records: LogRecord[] = [];
  /** Index of the first live record; everything before it was deleted. */
  #head = 0;
  /** The log start offset, `<= #latest`; every live record's offset is `>= #earliest`. */
  #earliest = 0;
  /** The offset the next record gets; above every stored offset. */
  #latest = 0;
  /** Retention applied after each append. */
  readonly #retention: MemoryRetention;
  /** The clock `maxAgeMs` is measured against. */
  readonly #now: () => number;
  /** Fetches waiting for this partition to change. */
  readonly changes = new ChangeNotifier();

  /**
   * @param retention - what to keep (validated by the caller)
   * @param now - the log's clock
   */
  constructor(retention: MemoryRetention, now: () => number) {
    this.#retention = retention;
    this.#now = now;
  }

  /** The earliest and latest (next) offsets. */
  offsets(): PartitionOffsets {
    return { earliest: this.#earliest, latest: this.#latest };
  }

  /** How many records are stored. */
  get size(): number {
    return this.#records.length - this.#head;
  }

  /**
   * Stores a record at the next offset, applies retention and wakes waiting fetches.
   * @returns its offset
   */
  append(body: RecordBody): number {
    const offset = this.#latest;
    this.#records.push(Object.freeze({ offset, timestamp: body.timestamp, key: body.key, value: body.value, headers: body.headers }));
    this.#latest = offset + 1;
    this.#retain();
    this.changes.notify();
    return offset;
  }

  /** Moves the next offset up by `count` (offsets no record will ever have) and wakes waiting fetches. */
  skip(count: number): void {
    this.#latest += count;
    this.changes.notify();
  }

  /**
   * Up to `maxRecords` records at offsets `>= offset`, as snapshots the caller owns, and where
   * to fetch next: the offset of the first record not returned, or `latest` when none is left
   * (every offset in between holds nothing), never below `offset`.
   */
  read(offset: number, maxRecords: number): FetchResult {
    const from = this.#indexAtOrAfter(offset);
    const to = Math.min(from + maxRecords, this.#records.length);
    const records: LogRecord[] = new Array<LogRecord>(to - from);
    for (let i = from; i < to; i++) records[i - from] = snapshotRecord(this.#records[i] as LogRecord);
    const next = to < this.#records.length ? (this.#records[to] as LogRecord).offset : this.#latest;
    return { records, nextOffset: Math.max(next, offset) };
  }

  /** The first offset, in offset order, of a record with a timestamp `>= timestamp`; `latest` if none (a linear scan). */
  offsetForTimestamp(timestamp: number): number {
    for (let i = this.#head; i < this.#records.length; i++) {
      const record = this.#records[i] as LogRecord;
      if (record.timestamp >= timestamp) return record.offset;
    }
    return this.#latest;
  }

  /**
   * Keeps only the last record of each key (records with a null key all stay; a tombstone stays
   * as its key's last record), leaving gaps in the offsets. `earliest` and `latest` do not move.
   * @returns how many records were removed
   */
  compact(): number {
    const seen = new Set<string>();
    const kept: LogRecord[] = [];
    for (let i = this.#records.length - 1; i >= this.#head; i--) {
      const record = this.#records[i] as LogRecord;
      if (record.key !== null) {
        // latin1 maps bytes to chars one to one: equal strings are equal keys.
        const key = record.key.toString("latin1");
        if (seen.has(key)) continue;
        seen.add(key);
      }
      kept.push(record);
    }
    const removed = this.size - kept.length;
    this.#records = kept.reverse();
    this.#head = 0;
    return removed;
  }

  /**
   * Deletes every record below `offset` and moves `earliest` up to it (no-op when it is already
   * there or above).
   * @param offset - the new earliest offset, `<= latest` (checked by the caller)
   * @returns how many records were removed
   */
  deleteBefore(offset: number): number {
    if (offset <= this.#earliest) return 0;
    this.#earliest = offset;
    const head = this.#indexAtOrAfter(offset);
    const removed = head - this.#head;
    this.#head = head;
    if (this.#head === this.#records.length) {
      this.#records = [];
      this.#head = 0;
    } else if (this.#head >= RECLAIM_MIN && this.#head * 2 >= this.#records.length) {
      this.#records = this.#records.slice(this.#head);
      this.#head = 0;
    }
    return removed;
  }

  #retain(): void {
    const { maxRecords, maxAgeMs } = this.#retention;
    if (maxRecords !== undefined && this.size > maxRecords) {
      this.deleteBefore((this.#records[this.#records.length - maxRecords] as LogRecord).offset);
    }
    if (maxAgeMs !== undefined) {
      const cutoff = this.#now() - maxAgeMs;
      let i = this.#head;
      while (i < this.#records.length && (this.#records[i] as LogRecord).timestamp < cutoff) i++;
      if (i > this.#head) this.deleteBefore(i < this.#records.length ? (this.#records[i] as LogRecord).offset : this.#latest);
    }
  }

  /** Index of the first live record with an offset `>= offset` (the array length if none): a binary search. */
  #indexAtOrAfter(offset: number): number {
    let low = this.#head;
    let high = this.#records.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.#records[mid] as LogRecord).offset < offset) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
