import type { RawFetchPartition, RawRecord } from "./kafkaCluster.js";

/** The key of an ABORT control record (version 0, type 0). */
const ABORT_KEY = Buffer.from([0, 0, 0, 0]);

/**
 * The records of one partition's Fetch response that a reader hands out, and the last offset the
 * response accounts for. Fetch returns whole record batches, so:
 *
 * - records below `from` (the start of a batch fetched from its middle) are dropped;
 * - control records (transaction markers) are dropped;
 * - with `readCommitted`, records of aborted transactions are dropped: a producer's records from
 *   the first offset the response lists for it in `abortedTransactions` up to its ABORT marker
 *   (the same rule as Kafka's Java consumer and kafkajs's group consumer);
 * - `last` is the last offset of the last batch (`firstOffset + lastOffsetDelta`), so offsets
 *   that only markers, aborted or compacted records occupy are accounted for; `from - 1` when
 *   the response holds no batch.
 *
 * @param data - the partition's part of a Fetch response
 * @param from - the offset the Fetch asked for
 * @param readCommitted - whether aborted transactions are filtered out
 * @returns readable records in offset order, and the last offset accounted for
 *
 * @example
 * ```ts
 * // a batch 100–149 fetched from 120, then a commit marker at 150:
 * readableRecords(data, 120, true); // records 120–149, last 150
 * ```
 */
export function readableRecords(data: RawFetchPartition, from: number, readCommitted: boolean): { readable: RawRecord[]; last: number } {
  const messages = data.messages;
  let last = from - 1;
  const aborted = readCommitted && data.abortedTransactions.length > 0 ? [...data.abortedTransactions].sort((a, b) => Number(a.firstOffset) - Number(b.firstOffset)) : [];
  const abortedProducers = new Set<string>();
  const readable: RawRecord[] = [];
  // Per batch (records share their batch's context object): whether it starts below `from`.
  let batch: RawRecord["batchContext"] | null = null;
  let belowFrom = true;
  for (const message of messages) {
    const context = message.batchContext;
    if (context === undefined) {
      batch = null; // a legacy message set: one offset per message
      belowFrom = true;
      last = Math.max(last, Number(message.offset));
    } else if (context !== batch) {
      batch = context;
      const first = Number(context.firstOffset);
      belowFrom = first < from;
      last = Math.max(last, first + context.lastOffsetDelta);
    }
    if (aborted.length > 0 || belowFrom) {
      const offset = Number(message.offset);
      while (aborted.length > 0 && offset >= Number((aborted[0] as { firstOffset: string }).firstOffset)) abortedProducers.add((aborted.shift() as { producerId: string }).producerId);
      if (offset < from && message.isControlRecord !== true) continue;
    }
    if (message.isControlRecord === true) {
      if (context !== undefined && message.key !== null && ABORT_KEY.equals(message.key)) abortedProducers.delete(context.producerId);
      continue;
    }
    if (context !== undefined && context.inTransaction && abortedProducers.size > 0 && abortedProducers.has(context.producerId)) continue;
    readable.push(message);
  }
  return { readable, last };
}
