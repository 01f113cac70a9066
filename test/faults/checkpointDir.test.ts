// Scenario 6 of issue #12: the checkpoint directory cannot be written (a path under a regular
// file, a read-only file system) or its disk is full, from the start or from some point of the
// run on. The run must fail with a clear CheckpointError, and nothing may be committed (Kafka-
// style offsets, bundle finalizations) for output that no checkpoint on disk covers.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LogSource, MemoryLog, logRestrictionCoder, type LogMessage } from "../../connectors/log/index.js";
import { CheckpointError, LocalRunner, type LocalRunnerOptions } from "../../src/index.js";
import { CHECKPOINT_FILE, duplicates, idOf, isPending, maxCommitted, pendingItems, resumeOffsets } from "./support/checkpoints.js";
import { FullDisk, mountReadOnly } from "./support/fullDisk.js";

const TOPIC = "events";
const GROUP = "g-faults";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "sdfkit-faults-ckpt-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function fullDisk(): FullDisk {
  const disk = FullDisk.create();
  cleanups.push(() => disk.dispose());
  return disk;
}

/** A log with `counts[p]` records in partition p. */
function newLog(counts: readonly number[]): MemoryLog {
  const log = new MemoryLog({ now: () => 1_700_000_000_000 });
  log.createTopic(TOPIC, counts.length);
  counts.forEach((n, partition) => {
    log.append(
      TOPIC,
      Array.from({ length: n }, (_, i) => ({ partition, value: `p${partition}-${i}`, timestamp: 1_700_000_000_000 + i })),
    );
  });
  return log;
}

function newSource(log: MemoryLog): LogSource<null, string> {
  return new LogSource({ log, until: "latest", commitOffsets: { groupId: GROUP }, maxRecordsPerFetch: 10, decodeKey: () => null, decodeValue: "string" });
}

/** Lets checkpoint writes (thread-pool I/O) and timers through. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

interface Outcome {
  readonly received: LogMessage<null, string>[];
  readonly error: unknown;
  readonly ms: number;
}

/** Consumes a run to its end, calling `onRecord` after each record; returns what came and how it ended. */
async function consume(
  options: LocalRunnerOptions,
  log: MemoryLog,
  onRecord: (count: number) => void | Promise<void> = () => undefined,
): Promise<Outcome> {
  const started = performance.now();
  const received: LogMessage<null, string>[] = [];
  let error: unknown;
  try {
    for await (const message of new LocalRunner(options).run(newSource(log), [TOPIC])) {
      received.push(message);
      await onRecord(received.length);
    }
  } catch (e) {
    error = e;
  }
  return { received, error, ms: performance.now() - started };
}

function summary(scenario: string, figures: Record<string, string | number>): void {
  const text = Object.entries(figures)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  process.stdout.write(`[faults/checkpointDir] ${scenario}: ${text}\n`);
}

const BASE: LocalRunnerOptions = { parallelism: 1, dynamicSplitting: false, checkpointAfterOutputs: 10, outputBufferSize: 8 };

describe("checkpointDir unwritable or disk full (issue #12, scenario 6)", () => {
  it("a checkpointDir under a regular file (ENOTDIR): fails before reading any record with a CheckpointError naming the path; nothing committed", async () => {
    const parent = tempDir();
    const file = join(parent, "not-a-directory");
    writeFileSync(file, "a regular file");
    const log = newLog([200]);
    const run = await consume({ ...BASE, checkpointDir: join(file, "checkpoints") }, log);

    expect(run.error).toBeInstanceOf(CheckpointError);
    const error = run.error as CheckpointError;
    expect(error.message).toContain(join(file, "checkpoints"));
    expect(error.message).toMatch(/not a directory \(ENOTDIR\)/);
    expect(error.message).toMatch(/The run did not start: no input was read/);
    expect(error.message).toMatch(/Set checkpointDir to a directory/);
    expect((error.cause as NodeJS.ErrnoException).code).toBe("ENOTDIR");
    expect(run.received).toEqual([]);
    expect(log.commitHistory).toEqual([]);
    summary("ENOTDIR", { records: run.received.length, duplicates: 0, commits: log.commitCount, ms: Math.round(run.ms) });
  });

  it("a checkpointDir on a read-only file system (EROFS; chmod does not stop root): fails before reading any record with a CheckpointError saying so; nothing committed", async () => {
    const readOnly = mountReadOnly();
    // These machines run tests as root, which may mount; a machine that may not cannot run this fault.
    if (readOnly === null) throw new Error("mounting a read-only tmpfs is not permitted here: run the fault suite as root (CAP_SYS_ADMIN)");
    cleanups.push(() => readOnly.dispose());
    const log = newLog([2_000]);
    // The mount point itself: for a subdirectory still to create, Node's recursive mkdir reports
    // ENOENT rather than EROFS (the message then says the path cannot be created).
    const dir = readOnly.path;
    const run = await consume({ ...BASE, checkpointDir: dir }, log);

    expect(run.error).toBeInstanceOf(CheckpointError);
    const error = run.error as CheckpointError;
    expect((error.cause as NodeJS.ErrnoException).code).toBe("EROFS");
    expect(error.message).toContain(join(dir, CHECKPOINT_FILE));
    expect(error.message).toMatch(/read-only/);
    expect(error.message).toMatch(/writable file system/);
    // Reading finds no checkpoint (ENOENT is "none"); the first, empty checkpoint is written
    // before any input is read, and fails.
    expect(run.received).toEqual([]);
    expect(log.commitHistory).toEqual([]);
    summary("EROFS", { records: run.received.length, duplicates: duplicates(run.received.map(idOf)), commits: log.commitCount, ms: Math.round(run.ms) });
  });

  it("the disk is full from the start (real ENOSPC): fails before reading any record with a CheckpointError saying so; no commit, no checkpoint file", async () => {
    const disk = fullDisk();
    disk.fill();
    const log = newLog([2_000]);
    const run = await consume({ ...BASE, checkpointDir: disk.dir }, log, () => disk.topUp());

    expect(run.error).toBeInstanceOf(CheckpointError);
    const error = run.error as CheckpointError;
    expect((error.cause as NodeJS.ErrnoException).code).toBe("ENOSPC");
    expect(error.message).toContain(join(disk.dir, CHECKPOINT_FILE));
    expect(error.message).toMatch(/disk is full/);
    expect(error.message).toMatch(/no offsets were committed/);
    expect(error.message).toMatch(/Free space/);
    expect(run.received).toEqual([]);
    expect(log.commitHistory).toEqual([]);
    expect(pendingItems(disk.dir, logRestrictionCoder)).toBeNull();
    summary(`ENOSPC from the start (${disk.kind})`, { records: run.received.length, duplicates: duplicates(run.received.map(idOf)), commits: log.commitCount, ms: Math.round(run.ms) });
  });

  it("the disk fills mid-run: bundles up to the last checkpoint on disk were committed, none after it; a resume after freeing space re-delivers exactly the records delivered after that checkpoint", async () => {
    const disk = fullDisk();
    const log = newLog([3_000]);
    // The disk fills once 1000 records were delivered and a checkpoint on disk covers at least 500.
    const fillAt = 1_000;
    const run = await consume({ ...BASE, checkpointDir: disk.dir }, log, async (count) => {
      if (disk.full) disk.topUp();
      else if (count >= fillAt && (resumeOffsets(pendingItems(disk.dir, logRestrictionCoder) ?? [], 1)[0] ?? 0) >= 500) disk.fill();
      await nextTurn();
    });

    expect(run.error).toBeInstanceOf(CheckpointError);
    const error = run.error as CheckpointError;
    expect((error.cause as NodeJS.ErrnoException).code).toBe("ENOSPC");
    expect(error.message).toMatch(/disk is full/);
    // The checkpoint on disk is the last one written before the disk filled.
    const items = pendingItems(disk.dir, logRestrictionCoder);
    expect(items, "a checkpoint was written before the disk filled").not.toBeNull();
    const [resumeAt] = resumeOffsets(items!, 1);
    const [committed] = maxCommitted(log, GROUP, TOPIC, 1);
    const afterCheckpoint = run.received.filter((m) => isPending(m, items!)).length;
    // The scenario happened: records were checkpointed and committed, and more were delivered after that.
    expect(resumeAt).toBeGreaterThan(0);
    expect(afterCheckpoint).toBeGreaterThan(0);
    // Check: within the run every record was delivered once, in offset order from 0.
    expect(run.received.map((m) => m.offset)).toEqual(Array.from({ length: run.received.length }, (_, i) => i));
    // Check: the earlier, checkpointed bundles were committed, exactly up to the last checkpoint on disk,
    // and nothing delivered after it (offsets >= resumeAt) was committed.
    expect(log.commitCount).toBeGreaterThan(0);
    expect(committed).toBe(resumeAt);
    expect(log.commitHistory.every((c) => c.offsets.every((o) => o.offset <= resumeAt!))).toBe(true);
    expect(run.received.length).toBe(resumeAt! + afterCheckpoint);

    // Space freed, a second run on the same checkpointDir resumes from the last checkpoint: it
    // re-delivers exactly the records delivered after it (at-least-once) and then the rest.
    disk.free();
    const second = await consume({ ...BASE, checkpointDir: disk.dir }, log);
    expect(second.error).toBeUndefined();
    expect(second.received.map((m) => m.offset)).toEqual(Array.from({ length: 3_000 - resumeAt! }, (_, i) => resumeAt! + i));
    const all = [...run.received, ...second.received].map(idOf);
    expect(new Set(all).size).toBe(3_000);
    expect(duplicates(all)).toBe(afterCheckpoint);
    expect(log.committed(GROUP, TOPIC, 0)).toBe(3_000);
    summary(`ENOSPC mid-run, then resumed (${disk.kind})`, {
      records: run.received.length + second.received.length,
      duplicatesWithinRun: 0,
      duplicatesAcrossResume: duplicates(all),
      checkpointedUpTo: resumeAt!,
      deliveredAfterLastCheckpoint: afterCheckpoint,
      commits: log.commitCount,
      committedUpTo: committed!,
      ms: Math.round(run.ms + second.ms),
    });
  });
});
