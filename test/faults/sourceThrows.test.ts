// Issue #12: a source throws in the middle of an element. With the LocalRunner the failing work
// item fails the run (WorkItemFailedError naming the element and restriction). Within the run no
// record is output twice and the failed bundle is never finalized; with checkpointDir a second
// run, after the fault is fixed, resumes from the last checkpoint: delivery is at-least-once
// across the resume, and the records delivered twice are exactly those the first run delivered
// after its last checkpoint (they lie in the restrictions that checkpoint still lists).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LogSource, logRestrictionCoder, type LogMessage } from "../../connectors/log/index.js";
import { LocalRunner, OffsetRange, WorkItemFailedError, offsetRangeCoder, type LocalRunnerOptions, type ProcessContinuation } from "../../src/index.js";
import { KeyedCountSdf, expectedRecords, type KeyedContext, type KeyedCountHooks } from "../runner/fixtures/KeyedCountSdf.js";
import { duplicates, idOf, isPending, maxCommitted, pendingItems, resumeOffsets } from "./support/checkpoints.js";
import { FlakyLog } from "./support/FlakyLog.js";

const TOPIC = "events";
const GROUP = "g-throws";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function newDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "sdfkit-faults-throws-"));
  dirs.push(dir);
  return dir;
}

function summary(scenario: string, figures: Record<string, string | number>): void {
  const text = Object.entries(figures)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  process.stdout.write(`[faults/sourceThrows] ${scenario}: ${text}\n`);
}

/** Consumes a run to its end; returns what came and how it ended. */
async function consume<T>(outputs: AsyncIterable<T>): Promise<{ received: T[]; error: unknown; ms: number }> {
  const started = performance.now();
  const received: T[] = [];
  let error: unknown;
  try {
    for await (const value of outputs) {
      received.push(value);
      await new Promise((resolve) => setImmediate(resolve));
    }
  } catch (e) {
    error = e;
  }
  return { received, error, ms: performance.now() - started };
}

/**
 * {@link KeyedCountSdf} that registers one bundle finalization per `processElement` call,
 * recording the call's element and the restriction it ended with (its primary).
 */
class FinalizingCountSdf extends KeyedCountSdf {
  /** Every call: element and starting restriction. */
  readonly bundles: { element: string; start: OffsetRange }[] = [];
  /** Finalized calls: element and the restriction they processed. */
  readonly finalized: { element: string; range: OffsetRange }[] = [];

  constructor(hooks: KeyedCountHooks) {
    super(hooks);
  }

  override processElement(ctx: KeyedContext): Promise<ProcessContinuation | void> {
    this.bundles.push({ element: ctx.element, start: ctx.tracker.currentRestriction() });
    ctx.bundleFinalizer.afterBundleCommit(() => {
      this.finalized.push({ element: ctx.element, range: ctx.tracker.currentRestriction() });
    });
    return super.processElement(ctx);
  }
}

describe("a source that throws mid-element (issue #12)", () => {
  it("fails the run with a WorkItemFailedError naming element and restriction; no record twice within the run; the failed bundle is never finalized", async () => {
    const elements = ["a:300", "b:500", "c:200"];
    const boom = new Error("simulated decode failure");
    const sdf = new FinalizingCountSdf({ failAt: { element: "b:500", position: 237, error: boom } });
    const options: LocalRunnerOptions = { parallelism: 2, checkpointAfterOutputs: 25, outputBufferSize: 16 };
    const run = await consume(new LocalRunner(options).run(sdf, elements));

    expect(run.error).toBeInstanceOf(WorkItemFailedError);
    const error = run.error as WorkItemFailedError;
    expect(error.cause).toBe(boom);
    expect(error.element).toBe("b:500");
    expect(error.message).toContain('"b:500"');
    expect(error.message).toContain(error.restriction);
    expect(error.message).toContain("simulated decode failure");
    // The restriction named is the failing bundle's: it holds the failing position.
    const [from, to] = /\[(\d+), (\d+)\)/.exec(error.restriction)!.slice(1).map(Number) as [number, number];
    expect(from).toBeLessThanOrEqual(237);
    expect(to).toBeGreaterThan(237);

    // Check: no record twice within the run, and the failing record never came out.
    expect(duplicates(run.received)).toBe(0);
    expect(run.received).not.toContain("b#237");
    expect(run.received.every((r) => expectedRecords(elements).includes(r))).toBe(true);
    // Check: the failed bundle (the call that claimed b:237) was not finalized; others were, and
    // only after every record they processed had reached the consumer.
    const failed = sdf.bundles.filter((b) => b.element === "b:500" && b.start.from <= 237 && b.start.to > 237);
    expect(failed.length).toBeGreaterThan(0);
    expect(sdf.finalized.some((f) => f.element === "b:500" && f.range.from <= 237 && f.range.to > 237)).toBe(false);
    expect(sdf.finalized.length).toBeGreaterThan(0);
    const received = new Set(run.received);
    for (const { element, range } of sdf.finalized) {
      const key = element.slice(0, element.indexOf(":"));
      for (let p = range.from; p < range.to; p++) expect(received.has(`${key}#${p}`), `${key}#${p} of a finalized bundle`).toBe(true);
    }
    summary("throw without checkpointDir", {
      records: run.received.length,
      duplicates: duplicates(run.received),
      bundles: sdf.bundles.length,
      finalized: sdf.finalized.length,
      ms: Math.round(run.ms),
    });
  });

  it.each([
    ["right after its self-checkpoint split, before processElement returned", "afterSplit"],
    ["in the middle of a bundle", "midBundle"],
  ] as const)(
    "a counting source throws %s; with checkpointDir a second run after the fix resumes: union = every record, duplicates = exactly the records the first run delivered after its last checkpoint",
    async (_where, kind) => {
      const elements = ["a:300", "b:500", "c:200"];
      const total = 1_000;
      const boom = new Error("simulated failure");
      let armed = true;
      // Bundles are 50 outputs: b's bundle [200, 250) takes its checkpoint split at the output of
      // b#249; "afterSplit" throws right after that output, while the residual [250, 500) exists
      // only inside the invoker. "midBundle" throws right after claiming b#237.
      const hooks: KeyedCountHooks =
        kind === "afterSplit"
          ? {
              afterOutput: async (element, position) => {
                if (armed && element === "b:500" && position === 249) {
                  await new Promise((resolve) => setTimeout(resolve, 20)); // checkpoint writes happen meanwhile
                  throw boom;
                }
              },
            }
          : {
              afterClaim: (element, position) => {
                if (armed && element === "b:500" && position === 237) throw boom;
              },
            };
      const dir = newDir();
      const options: LocalRunnerOptions = { parallelism: 2, dynamicSplitting: false, checkpointAfterOutputs: 50, outputBufferSize: 16, checkpointDir: dir };
      const first = await consume(new LocalRunner(options).run(new FinalizingCountSdf(hooks), elements));
      expect(first.error).toBeInstanceOf(WorkItemFailedError);
      expect((first.error as WorkItemFailedError).cause).toBe(boom);
      expect((first.error as WorkItemFailedError).message).toContain('"b:500"');
      expect(duplicates(first.received)).toBe(0);

      const items = pendingItems(dir, offsetRangeCoder);
      expect(items, "the failed run leaves a checkpoint").not.toBeNull();
      const pending = (record: string): boolean =>
        items!.some(({ elementIndex, restriction }) => {
          const element = elements[elementIndex]!;
          const key = element.slice(0, element.indexOf(":"));
          const position = Number(record.slice(record.indexOf("#") + 1));
          return record.startsWith(`${key}#`) && position >= restriction.from && position < restriction.to;
        });
      // Check: the checkpoint still lists all of b from its failed bundle on, residual included.
      for (let p = 200; p < 500; p++) expect(pending(`b#${p}`), `b#${p} is pending`).toBe(true);
      const redelivered = first.received.filter(pending);

      armed = false;
      const second = await consume(new LocalRunner(options).run(new FinalizingCountSdf({}), elements));
      expect(second.error).toBeUndefined();
      expect(duplicates(second.received)).toBe(0);
      expect(second.received.length).toBeLessThan(total);
      const all = [...first.received, ...second.received];
      expect([...new Set(all)].sort()).toEqual(expectedRecords(elements));
      expect(duplicates(all)).toBe(redelivered.length);
      summary(`counting source throws ${kind}, resumed`, {
        records: all.length,
        firstRun: first.received.length,
        secondRun: second.received.length,
        duplicates: duplicates(all),
        deliveredAfterLastCheckpoint: redelivered.length,
        ms: Math.round(first.ms + second.ms),
      });
    },
  );

  it.each([
    ["at the first fetch of a bundle", 400],
    ["in the middle of a bundle", 455],
  ])(
    "a log read fails %s; a second run after the fix resumes from the last checkpoint: union = every record, duplicates = exactly the records the first run delivered after its last checkpoint, no commit for the failed bundle",
    async (_where, failOffset) => {
      const counts = [600, 800, 700];
      const total = counts.reduce((a, b) => a + b, 0);
      const log = new FlakyLog({ now: () => 1_700_000_000_000 });
      log.createTopic(TOPIC, counts.length);
      counts.forEach((n, partition) => log.append(TOPIC, Array.from({ length: n }, (_, i) => ({ partition, value: `p${partition}-${i}` }))));
      log.fault = { partition: 1, offset: failOffset };
      const source = (): LogSource<Buffer | null, string> =>
        new LogSource({ log, until: "latest", commitOffsets: { groupId: GROUP }, maxRecordsPerFetch: 5, decodeValue: "string" });
      const dir = newDir();
      const options: LocalRunnerOptions = { parallelism: 3, checkpointAfterOutputs: 10, outputBufferSize: 16, checkpointDir: dir };

      const first = await consume<LogMessage<Buffer | null, string>>(new LocalRunner(options).run(source(), [TOPIC]));
      expect(first.error).toBeInstanceOf(WorkItemFailedError);
      const error = first.error as WorkItemFailedError;
      expect(error.element).toBe(TOPIC);
      expect(error.message).toContain(`"${TOPIC}"`);
      expect(error.restriction).toMatch(/^p1\[/);
      expect(error.message).toContain(error.restriction);
      expect(error.message).toContain(`simulated read failure of ${TOPIC}/1 at offset ${failOffset}`);
      // Check: within the first run no record came twice, and nothing at or past the fault in p1.
      const firstIds = first.received.map(idOf);
      expect(duplicates(firstIds)).toBe(0);
      expect(first.received.some((m) => m.partition === 1 && m.offset >= failOffset)).toBe(false);

      // The checkpoint left behind: what a resume reads again.
      const items = pendingItems(dir, logRestrictionCoder);
      expect(items, "the failed run leaves a checkpoint").not.toBeNull();
      const resumeAt = resumeOffsets(items!, counts.length);
      // Bundles are 10 records: the failed one started at the multiple of 10 at or below the fault; it stays pending.
      const failedBundleStart = Math.floor(failOffset / 10) * 10;
      expect(resumeAt[1]).toBeLessThanOrEqual(failedBundleStart);
      // Check: no commit for the failed bundle nor anything after the checkpoint, per partition.
      const committed = maxCommitted(log, GROUP, TOPIC, counts.length);
      committed.forEach((offset, p) => expect(offset, `partition ${p}`).toBeLessThanOrEqual(Math.min(resumeAt[p]!, counts[p]!)));
      expect(committed[1]).toBeLessThanOrEqual(failedBundleStart);
      const redelivered = first.received.filter((m) => isPending(m, items!));

      log.fault = null;
      const second = await consume<LogMessage<Buffer | null, string>>(new LocalRunner(options).run(source(), [TOPIC]));
      expect(second.error).toBeUndefined();
      const secondIds = second.received.map(idOf);
      // Check: the second run reads exactly what the checkpoint lists, each record once, not from scratch.
      expect(duplicates(secondIds)).toBe(0);
      const pendingCount = counts.reduce((sum, n, p) => sum + Math.max(0, n - Math.min(resumeAt[p]!, n)), 0);
      expect(second.received.length).toBe(pendingCount);
      expect(second.received.length).toBeLessThan(total);
      // Check: the union covers every record; the duplicates are exactly the records the first
      // run delivered after its last checkpoint (at-least-once across the resume).
      const all = [...firstIds, ...secondIds];
      expect(new Set(all).size).toBe(total);
      expect(duplicates(all)).toBe(redelivered.length);
      expect(new Set(secondIds).size).toBe(secondIds.length);
      expect([0, 1, 2].map((p) => log.committed(GROUP, TOPIC, p))).toEqual(counts);
      summary(`throw at p1@${failOffset}, resumed`, {
        records: all.length,
        firstRun: first.received.length,
        secondRun: second.received.length,
        duplicates: duplicates(all),
        deliveredAfterLastCheckpoint: redelivered.length,
        commitsFirstRun: `${committed.join("/")}`,
        resumeFrom: resumeAt.map((o) => (o === Infinity ? "done" : String(o))).join("/"),
        ms: Math.round(first.ms + second.ms),
      });
    },
  );
});
