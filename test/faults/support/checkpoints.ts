import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { LogMessage, LogRestriction, MemoryLog } from "../../../connectors/log/index.js";
import type { RestrictionCoder } from "../../../src/index.js";

/** The file the LocalRunner keeps its checkpoint in (see src/runner/CheckpointStore.ts). */
export const CHECKPOINT_FILE = "sdfkit-checkpoint.json";

/** One pending item of a checkpoint on disk, its restriction decoded. */
export interface PendingItem<R> {
  readonly elementIndex: number;
  readonly restriction: R;
}

/**
 * The work items pending in the checkpoint file of `dir` (what a resume reads again), or
 * `null` when there is no checkpoint file.
 */
export function pendingItems<R>(dir: string, coder: RestrictionCoder<R>): PendingItem<R>[] | null {
  const path = join(dir, CHECKPOINT_FILE);
  if (!existsSync(path)) return null;
  const snapshot = JSON.parse(readFileSync(path, "utf8")) as { items: { elementIndex: number; restriction: string }[] };
  return snapshot.items.map((item) => ({ elementIndex: item.elementIndex, restriction: coder.decode(Buffer.from(item.restriction, "base64")) }));
}

/**
 * For a log read, where the last checkpoint on disk resumes each partition: the lowest offset
 * any pending restriction still owns; `Infinity` for a partition no pending item owns (it was
 * fully read, delivered and checkpointed).
 */
export function resumeOffsets(items: readonly PendingItem<LogRestriction>[], partitions: number): number[] {
  const from = Array.from({ length: partitions }, () => Infinity);
  for (const { restriction } of items) {
    for (const part of restriction.parts) {
      if (part.range.to > part.range.from) from[part.partition] = Math.min(from[part.partition] ?? Infinity, part.range.from);
    }
  }
  return from;
}

/** Whether `message` lies in a pending restriction (a resume would read it again). */
export function isPending(message: LogMessage<unknown, unknown>, items: readonly PendingItem<LogRestriction>[]): boolean {
  return items.some(({ restriction }) =>
    restriction.parts.some((part) => part.partition === message.partition && message.offset >= part.range.from && message.offset < part.range.to),
  );
}

/** The highest offset committed for each partition of `topic` by `groupId` in the log's history (-1: none). */
export function maxCommitted(log: MemoryLog, groupId: string, topic: string, partitions: number): number[] {
  const max = Array.from({ length: partitions }, () => -1);
  for (const commit of log.commitHistory) {
    if (commit.groupId !== groupId) continue;
    for (const { topic: t, partition, offset } of commit.offsets) if (t === topic) max[partition] = Math.max(max[partition] ?? -1, offset);
  }
  return max;
}

/** `topic/partition/offset` of a message: its identity. */
export function idOf(message: LogMessage<unknown, unknown>): string {
  return `${message.topic}/${message.partition}/${message.offset}`;
}

/** How many values occur more than once (each extra occurrence counts). */
export function duplicates(values: readonly string[]): number {
  return values.length - new Set(values).size;
}
