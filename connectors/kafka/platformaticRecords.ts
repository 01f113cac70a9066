import type { LogRecord } from "../log/LogRecord.js";

/** One record of a platformatic record batch (the fields read here). */
export interface PlatformaticRecord {
  readonly timestampDelta: bigint;
  readonly offsetDelta: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly (readonly [Buffer | null, Buffer | null])[];
}

/** One record batch of a platformatic Fetch response (the fields read here). */
export interface PlatformaticBatch {
  readonly firstOffset: bigint;
  readonly attributes: number;
  readonly lastOffsetDelta: number;
  readonly firstTimestamp: bigint;
  readonly producerId: bigint;
  readonly records: readonly PlatformaticRecord[];
}

/** A partition of a platformatic Fetch response (the fields read here). */
export interface PlatformaticFetchPartition {
  readonly abortedTransactions: readonly { readonly producerId: bigint; readonly firstOffset: bigint }[] | null;
  readonly records?: readonly PlatformaticBatch[] | null;
}

/** Batch attribute bit: the batch belongs to a transaction. */
const TRANSACTIONAL = 0x10;
/** Batch attribute bit: the batch holds a control record (a transaction marker). */
const CONTROL = 0x20;
/** The key of an ABORT control record (version 0, type 0). */
const ABORT_KEY = Buffer.from([0, 0, 0, 0]);
const NO_HEADERS: Record<string, Buffer | undefined> = Object.freeze({}) as Record<string, Buffer | undefined>;

/**
 * The records of one partition of a platformatic Fetch response as {@link LogRecord}s, filtered
 * as the Java consumer does: records below `from` (a batch fetched from its middle) and control
 * batches are dropped, and with `readCommitted` so are the batches of aborted transactions (a
 * producer's transactional batches from the first offset `abortedTransactions` lists for it up
 * to its ABORT marker). `last` is the last offset the batches account for (`from - 1` if none).
 *
 * @param data - the partition's part of the response
 * @param from - the offset the Fetch asked for
 * @param readCommitted - whether aborted transactions are filtered out
 * @returns readable records in offset order, and the last offset accounted for
 *
 * @example
 * ```ts
 * const { records, last } = platformaticRecords(partition, 120, true); // next fetch from last + 1
 * ```
 */
export function platformaticRecords(data: PlatformaticFetchPartition, from: number, readCommitted: boolean): { records: LogRecord[]; last: number } {
  const records: LogRecord[] = [];
  let last = from - 1;
  const aborted = readCommitted && data.abortedTransactions !== null && data.abortedTransactions.length > 0 ? [...data.abortedTransactions].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : a.firstOffset > b.firstOffset ? 1 : 0)) : [];
  const abortedProducers = new Set<bigint>();
  for (const batch of data.records ?? []) {
    const first = Number(batch.firstOffset);
    last = Math.max(last, first + batch.lastOffsetDelta);
    while (aborted.length > 0 && (aborted[0] as { firstOffset: bigint }).firstOffset <= BigInt(first + batch.lastOffsetDelta)) abortedProducers.add((aborted.shift() as { producerId: bigint }).producerId);
    if ((batch.attributes & CONTROL) !== 0) {
      const key = batch.records[0]?.key;
      if (key !== null && key !== undefined && ABORT_KEY.equals(key)) abortedProducers.delete(batch.producerId);
      continue;
    }
    if ((batch.attributes & TRANSACTIONAL) !== 0 && abortedProducers.has(batch.producerId)) continue;
    const firstTimestamp = Number(batch.firstTimestamp);
    for (const record of batch.records) {
      const offset = first + record.offsetDelta;
      if (offset < from) continue;
      records.push({ offset, timestamp: firstTimestamp + Number(record.timestampDelta), key: record.key ?? null, value: record.value ?? null, headers: headersOf(record.headers) });
    }
  }
  return { records, last };
}

/** Header pairs as a record (a repeated name keeps its last value; a null name is skipped). */
function headersOf(pairs: PlatformaticRecord["headers"]): Record<string, Buffer | undefined> {
  if (pairs.length === 0) return NO_HEADERS;
  const headers: Record<string, Buffer | undefined> = {};
  for (const [name, value] of pairs) {
    if (name === null) continue;
    headers[name.toString()] = value ?? undefined;
  }
  return headers;
}
