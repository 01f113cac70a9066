// Worker threads load the source by URL, so this suite runs the *built* package (`npm test`
// builds first): the runner, the fixture's base class and the worker entry all come from dist/.
import { threadId } from "node:worker_threads";
import { LocalRunner, type OffsetRange, type RunProgress, type SplittableDoFn } from "sdfkit";
import { describe, expect, it } from "vitest";

interface CpuRecord {
  key: string;
  thread: number;
}
type CpuSourceClass = new (options?: { rounds?: number; splitSize?: number }) => SplittableDoFn<
  number,
  CpuRecord,
  OffsetRange
>;
interface CpuSourceModule {
  CpuSource: CpuSourceClass;
  sharedCpuSource: SplittableDoFn<number, CpuRecord, OffsetRange>;
}

// A non-literal specifier: the fixture is plain JavaScript with no type declarations.
const fixtureUrl = new URL("../fixtures/cpuSource.mjs", import.meta.url).href;
const load = async (): Promise<CpuSourceModule> => (await import(fixtureUrl)) as CpuSourceModule;

const ELEMENTS = [120, 75, 1, 0, 200];

function keys(records: readonly CpuRecord[]): string[] {
  return records.map((r) => r.key).sort();
}

describe("LocalRunner worker threads", () => {
  it("workerThreads: the same multiset as a single-threaded run, computed off this thread", async () => {
    const { CpuSource } = await load();
    const expected = await new LocalRunner({ parallelism: 1 }).collect(new CpuSource(), ELEMENTS);
    expect(expected.every((r) => r.thread === threadId)).toBe(true);

    const snapshots: RunProgress[] = [];
    const threaded = await new LocalRunner({
      parallelism: 2,
      workerThreads: true,
      onProgress: (p) => void snapshots.push({ ...p, sources: [...p.sources] }),
    }).collect(new CpuSource(), ELEMENTS);

    // Check: nothing lost, nothing twice.
    expect(keys(threaded)).toEqual(keys(expected));
    expect(threaded).toHaveLength(ELEMENTS.reduce((a, b) => a + b, 0));
    // Check: the records were computed in worker threads.
    expect(threaded.some((r) => r.thread !== threadId)).toBe(true);
    // Check: progress reports the finished run.
    const last = snapshots.at(-1);
    expect(last).toBeDefined();
    expect(last!.records).toBe(threaded.length);
    expect(last!.workItemsPending).toBe(0);
    expect(last!.sources).toEqual(expect.arrayContaining(["cpu://120", "cpu://75", "cpu://200"]));
  });

  it("workerThreads with an exported instance as the module reference", async () => {
    const { CpuSource, sharedCpuSource } = await load();
    const expected = await new LocalRunner({ parallelism: 1 }).collect(new CpuSource({ rounds: 1000 }), [50, 30]);
    const threaded = await new LocalRunner({ parallelism: 2, workerThreads: true }).collect(sharedCpuSource, [50, 30]);
    expect(keys(threaded)).toEqual(keys(expected));
    expect(threaded.some((r) => r.thread !== threadId)).toBe(true);
  });

  it("workerThreads with checkpoints and rebalancing: still exactly once", async () => {
    const { CpuSource } = await load();
    const expected = await new LocalRunner({ parallelism: 1 }).collect(new CpuSource({ splitSize: 1000 }), [400]);
    const threaded = await new LocalRunner({
      parallelism: 3,
      workerThreads: true,
      checkpointAfterOutputs: 17,
    }).collect(new CpuSource({ splitSize: 1000 }), [400]);
    expect(keys(threaded)).toEqual(keys(expected));
  });

  it("a run on worker threads leaves no timers behind", async () => {
    const { CpuSource } = await load();
    const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const before = timeouts();
    await new LocalRunner({ parallelism: 2, workerThreads: true }).collect(new CpuSource({ rounds: 100 }), [20, 20]);
    expect(timeouts()).toBeLessThanOrEqual(before);
  });
});
