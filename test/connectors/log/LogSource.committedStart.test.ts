// `from: { committedBy }`: a LogSource that starts where a consumer group's commits left off
// (how runExactlyOnce resumes), over a real MemoryLog and LocalRunner.
import { describe, expect, it } from "vitest";
import type { LogMessage } from "../../../connectors/log/LogMessage.js";
import { LogSource } from "../../../connectors/log/LogSource.js";
import { MemoryLog } from "../../../connectors/log/memory/MemoryLog.js";
import type { PartitionedLog } from "../../../connectors/log/PartitionedLog.js";
import { InvalidOptionError, LocalRunner, WorkItemFailedError } from "../../../src/index.js";

function logOf(perPartition: number, partitions = 2): MemoryLog {
  const log = new MemoryLog();
  log.createTopic("t", partitions);
  for (let p = 0; p < partitions; p++) for (let i = 0; i < perPartition; i++) log.append("t", { partition: p, value: `${p}:${i}` });
  return log;
}

async function read(log: PartitionedLog, from: ConstructorParameters<typeof LogSource>[0]["from"]): Promise<string[]> {
  const source = new LogSource<null, string>({ log, from, until: "latest", decodeKey: () => null, decodeValue: "string" });
  const out: LogMessage<null, string>[] = await new LocalRunner({ parallelism: 2 }).collect(source, ["t"]);
  return out.map((m) => m.value).sort();
}

describe("LogSource from: { committedBy }", () => {
  it("starts each partition at the group's committed offset, and partitions without a commit at `otherwise`", async () => {
    const log = logOf(5, 3);
    await log.commit("g", [{ topic: "t", partition: 0, offset: 3 }, { topic: "t", partition: 1, offset: 5 }]);
    expect(await read(log, { committedBy: "g" })).toEqual(["0:3", "0:4", "2:0", "2:1", "2:2", "2:3", "2:4"]);
    expect(await read(log, { committedBy: "g", otherwise: "latest" })).toEqual(["0:3", "0:4"]);
  });

  it("a group that committed nothing reads from the earliest offset by default", async () => {
    const log = logOf(2);
    expect(await read(log, { committedBy: "nobody" })).toEqual(["0:0", "0:1", "1:0", "1:1"]);
  });

  it("a committed offset below the earliest stored one (retention) starts at the earliest", async () => {
    const log = logOf(6, 1);
    log.deleteBefore("t", 0, 4);
    await log.commit("g2", [{ topic: "t", partition: 0, offset: 1 }]);
    expect(await read(log, { committedBy: "g2" })).toEqual(["0:4", "0:5"]);
  });

  it("rejects a malformed committedBy or otherwise with a typed error", () => {
    const log = logOf(1);
    expect(() => new LogSource({ log, from: { committedBy: "" } })).toThrow(InvalidOptionError);
    expect(() => new LogSource({ log, from: { committedBy: "g", otherwise: "never" as "latest" } })).toThrow(/committedBy: <group id>/);
  });

  it("a log without committedOffset fails the read with an error that says what to implement", async () => {
    const inner = logOf(1);
    const log: PartitionedLog = {
      scheme: "custom",
      partitions: (topic) => inner.partitions(topic),
      offsets: (topic, partition) => inner.offsets(topic, partition),
      offsetForTimestamp: (topic, partition, time) => inner.offsetForTimestamp(topic, partition, time),
      fetch: (topic, partition, offset, options) => inner.fetch(topic, partition, offset, options),
      commit: (groupId, offsets) => inner.commit(groupId, offsets),
      close: () => inner.close(),
    };
    const error = await read(log, { committedBy: "g" }).catch((e: unknown) => e);
    expect(error instanceof InvalidOptionError || error instanceof WorkItemFailedError).toBe(true);
    expect(String((error as Error).message)).toMatch(/committedOffset/);
  });
});

describe("MemoryLog.committedOffset", () => {
  it("returns the last committed next offset, or null", async () => {
    const log = logOf(3);
    expect(await log.committedOffset("g", "t", 0)).toBeNull();
    await log.commit("g", [{ topic: "t", partition: 0, offset: 2 }]);
    expect(await log.committedOffset("g", "t", 0)).toBe(2);
    expect(await log.committedOffset("g", "t", 1)).toBeNull();
  });
});
