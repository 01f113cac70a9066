// Exactly-once Kafka → Kafka (runExactlyOnce = KafkaSource + transform + transactional
// KafkaSink) against the real broker of test/services/up.sh, with faults injected on purpose.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runExactlyOnce } from "../../connectors/kafka/runExactlyOnce.js";
import { TransactionFencedError } from "../../connectors/kafka/TransactionFencedError.js";
import type { ExactlyOnceEvent } from "../../connectors/kafka/ExactlyOnceOptions.js";
import { TransientIoError } from "../../src/errors/TransientIoError.js";
import { restartKafka } from "../integration/kafka/kafkaFixtures.js";
import { auditOutput, brokers, committedTotal, exactlyOnceTopics, KafkaFixture, toOutput } from "./support/exactlyOnceFixture.js";

const fixture = new KafkaFixture();
beforeAll(() => fixture.start(), 120_000);
afterAll(() => fixture.close());

function ids(label: string): { groupId: string; transactionalId: string } {
  const suffix = randomBytes(4).toString("hex");
  return { groupId: `sdfkit-eo-${label}-${suffix}`, transactionalId: `sdfkit-eo-${label}-${suffix}-0` };
}

function summary(scenario: string, records: number, audit: { lost: number[]; duplicated: number[] }, extra: string): void {
  console.log(`[faults] ${scenario}: records ${records}, lost ${audit.lost.length}, duplicated ${audit.duplicated.length}, ${extra}`);
}

describe("runExactlyOnce (Kafka → transform → transactional KafkaSink)", () => {
  it("writes each input exactly once and commits the group's offsets with the outputs", async () => {
    const count = 6000;
    const { input, output } = await exactlyOnceTopics(fixture, "plain", count);
    const { groupId, transactionalId } = ids("plain");
    const report = await runExactlyOnce<string | null, string | null>({
      brokers: brokers(), topics: [input], groupId, transactionalId, until: "latest", outputTopic: output,
      read: { decodeKey: "string", decodeValue: "string" }, transform: toOutput, commitEveryRecords: 500,
    });
    expect(report).toMatchObject({ inputs: count, outputs: count, recoveries: [] });
    expect(report.transactions).toBeGreaterThanOrEqual(count / 500);
    const audit = await auditOutput(output, count);
    expect(audit).toEqual({ total: count, lost: [], duplicated: [], foreign: [] });
    expect(await committedTotal(fixture, groupId, input)).toBe(count);

    // A second run with the same group starts where the first committed: nothing is read again.
    await fixture.produce(input, [{ key: "k1", value: `in-${count}` }, { key: "k2", value: `in-${count + 1}` }]);
    const again = await runExactlyOnce<string | null, string | null>({
      brokers: brokers(), topics: [input], groupId, transactionalId, until: "latest", outputTopic: output,
      read: { decodeKey: "string", decodeValue: "string" }, transform: toOutput,
    });
    expect(again.inputs).toBe(2);
    expect(await auditOutput(output, count + 2)).toEqual({ total: count + 2, lost: [], duplicated: [], foreign: [] });
  });

  it("unbounded: tails the input until the signal stops it, committing what arrived as it arrives", async () => {
    const { input, output } = await exactlyOnceTopics(fixture, "tail", 1000);
    const { groupId, transactionalId } = ids("tail");
    const stop = new AbortController();
    let produced = false;
    const run = runExactlyOnce<string | null, string | null>({
      brokers: brokers(), topics: [input], groupId, transactionalId, outputTopic: output, signal: stop.signal,
      read: { decodeKey: "string", decodeValue: "string", pollIntervalMs: 50 }, transform: toOutput, commitEveryMs: 50,
      onEvent: (event) => {
        if (event.kind !== "committed") return;
        if (event.totalInputs >= 1000 && !produced) {
          produced = true;
          void fixture.produce(input, Array.from({ length: 500 }, (_, i) => ({ key: `k${i}`, value: `in-${1000 + i}` })));
        }
        if (event.totalInputs >= 1500) stop.abort();
      },
    });
    const report = await run;
    expect(report.inputs).toBe(1500);
    expect(await auditOutput(output, 1500)).toEqual({ total: 1500, lost: [], duplicated: [], foreign: [] });
    expect(await committedTotal(fixture, groupId, input)).toBe(1500);
  }, 60_000);

  it("a Kafka broker killed (SIGKILL) mid-pipeline and restarted: the output holds each input exactly once", async () => {
    const count = 20_000;
    const { input, output } = await exactlyOnceTopics(fixture, "broker-kill", count);
    const { groupId, transactionalId } = ids("broker-kill");
    const events: ExactlyOnceEvent[] = [];
    let killed: Promise<void> | undefined;
    const started = Date.now();
    const report = await runExactlyOnce<string | null, string | null>({
      brokers: brokers(), topics: [input], groupId, transactionalId, until: "latest", outputTopic: output,
      read: { decodeKey: "string", decodeValue: "string" },
      // Slow enough that the kill lands mid-run: a short pause per 100 records.
      transform: async (message) => {
        if (message.offset % 100 === 0) await new Promise((resolve) => setTimeout(resolve, 2));
        return toOutput(message);
      },
      commitEveryRecords: 200, restartDelayMs: 500, maxRestarts: 40,
      onEvent: (event) => {
        events.push(event);
        if (event.kind === "committed" && event.totalInputs >= 4000 && killed === undefined) killed = restartKafka(2, true);
      },
    });
    await killed;
    const audit = await auditOutput(output, count);
    expect(killed).toBeDefined();
    expect(events.some((event) => event.kind === "restarting")).toBe(true);
    expect(report.recoveries.length).toBeGreaterThanOrEqual(1);
    expect(audit).toEqual({ total: count, lost: [], duplicated: [], foreign: [] });
    expect(report.inputs).toBe(count);
    const restarts = events.filter((event) => event.kind === "restarting").length;
    summary("broker SIGKILL + restart", count, audit, `restarts ${restarts}, recovered in ${report.recoveries.map((r) => r.recoveredInMs).join("/")} ms, total ${Date.now() - started} ms`);
  }, 180_000);

  it("a transform failing with a retriable error mid-run restarts from the committed offsets: exactly once", async () => {
    const count = 5000;
    const { input, output } = await exactlyOnceTopics(fixture, "transient", count);
    const { groupId, transactionalId } = ids("transient");
    let failures = 0;
    const report = await runExactlyOnce<string | null, string | null>({
      brokers: brokers(), topics: [input], groupId, transactionalId, until: "latest", outputTopic: output,
      read: { decodeKey: "string", decodeValue: "string" }, commitEveryRecords: 300, restartDelayMs: 50,
      transform: (message) => {
        // Fails twice, on records that sit in the middle of an open transaction.
        if (message.value === "in-2500" && failures < 2) {
          failures++;
          throw new TransientIoError("injected: the enrichment service timed out");
        }
        return toOutput(message);
      },
    });
    expect(failures).toBe(2);
    // Other partitions may commit between the two failures: one or two recoveries.
    expect(report.recoveries.length).toBeGreaterThanOrEqual(1);
    const audit = await auditOutput(output, count);
    expect(audit).toEqual({ total: count, lost: [], duplicated: [], foreign: [] });
    summary("transform throws a retriable error twice", count, audit, `recovered in ${report.recoveries.map((r) => r.recoveredInMs).join("/")} ms`);
  }, 60_000);

  it("a non-retriable failure ends the pipeline: the open transaction is aborted and output matches the committed offsets", async () => {
    const count = 3000;
    const { input, output } = await exactlyOnceTopics(fixture, "fatal", count, 1);
    const { groupId, transactionalId } = ids("fatal");
    const run = runExactlyOnce<string | null, string | null>({
      brokers: brokers(), topics: [input], groupId, transactionalId, until: "latest", outputTopic: output,
      read: { decodeKey: "string", decodeValue: "string" }, commitEveryRecords: 400,
      transform: (message) => {
        if (message.value === "in-1700") throw new TypeError("injected: a bug in the transform");
        return toOutput(message);
      },
    });
    await expect(run).rejects.toThrow(/a bug in the transform/);
    const committed = await committedTotal(fixture, groupId, input);
    expect(committed).toBe(1600); // four transactions of 400 committed; the fifth was open
    const audit = await auditOutput(output, count);
    expect(audit.total).toBe(committed);
    expect(audit.duplicated).toEqual([]);
    expect(audit.lost).toEqual(Array.from({ length: count - committed }, (_, i) => committed + i));
  }, 60_000);

  it("a zombie writer is fenced: a second pipeline with the same transactional id takes over, the first stops", async () => {
    const count = 8000;
    const { input, output } = await exactlyOnceTopics(fixture, "zombie", count, 1);
    const { groupId, transactionalId } = ids("zombie");
    const slow = async (message: { offset: number }): Promise<void> => {
      if (message.offset % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    let second: Promise<unknown> | undefined;
    const first = runExactlyOnce<string | null, string | null>({
      brokers: brokers(), topics: [input], groupId, transactionalId, until: "latest", outputTopic: output,
      read: { decodeKey: "string", decodeValue: "string" }, commitEveryRecords: 200,
      transform: async (message) => {
        await slow(message);
        return toOutput(message);
      },
      onEvent: (event) => {
        if (event.kind === "committed" && event.totalInputs >= 1000 && second === undefined) {
          second = runExactlyOnce<string | null, string | null>({
            brokers: brokers(), topics: [input], groupId, transactionalId, until: "latest", outputTopic: output,
            read: { decodeKey: "string", decodeValue: "string" }, commitEveryRecords: 200, transform: toOutput,
          });
        }
      },
    });
    await expect(first).rejects.toBeInstanceOf(TransactionFencedError);
    await second;
    expect(second).toBeDefined();
    const audit = await auditOutput(output, count);
    expect(audit).toEqual({ total: count, lost: [], duplicated: [], foreign: [] });
  }, 90_000);
});

describe("runExactlyOnce in a process that is killed", () => {
  it("the pipeline process killed (SIGKILL) mid-run and restarted with the same transactional id: exactly once", async () => {
    const count = 20_000;
    const { input, output } = await exactlyOnceTopics(fixture, "process-kill", count);
    const { groupId, transactionalId } = ids("process-kill");
    const args = [brokers().join(","), input, output, groupId, transactionalId];

    const first = startChild(args);
    await first.waitFor((line) => /^committed (\d+)$/.exec(line) !== null && Number(line.split(" ")[1]) >= 5000);
    const killedAt = Date.now();
    first.child.kill("SIGKILL");
    await first.exited;
    const committedAtKill = await committedTotal(fixture, groupId, input);
    expect(committedAtKill).toBeGreaterThanOrEqual(5000);
    expect(committedAtKill).toBeLessThan(count);

    const second = startChild(args);
    const done = await second.waitFor((line) => line.startsWith("done "));
    const firstCommitAfter = second.lines.find((line) => line.startsWith("committed "));
    expect(await second.exited).toBe(0);
    const report = JSON.parse(done.slice(5)) as { inputs: number };
    expect(report.inputs).toBe(count - committedAtKill);
    const audit = await auditOutput(output, count);
    expect(audit).toEqual({ total: count, lost: [], duplicated: [], foreign: [] });
    summary("pipeline process SIGKILL + restart", count, audit, `${committedAtKill} committed before the kill, first commit after restart ${firstCommitAfter === undefined ? "n/a" : `${second.timeOf(firstCommitAfter) - killedAt} ms after the kill`}`);
  }, 120_000);
});

/** A child process running test/faults/support/exactlyOnceChild.mjs, with its stdout lines. */
function startChild(args: string[]): {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
  waitFor: (match: (line: string) => boolean) => Promise<string>;
  timeOf: (line: string) => number;
} {
  const script = fileURLToPath(new URL("./support/exactlyOnceChild.mjs", import.meta.url));
  const child = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const times = new Map<string, number>();
  const waiters: { match: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  createInterface({ input: child.stdout! }).on("line", (line) => {
    lines.push(line);
    if (!times.has(line)) times.set(line, Date.now());
    for (const waiter of [...waiters]) if (waiter.match(line)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(line);
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const waitFor = (match: (line: string) => boolean): Promise<string> =>
    new Promise((resolve, reject) => {
      const found = lines.find(match);
      if (found !== undefined) return resolve(found);
      waiters.push({ match, resolve });
      void exited.then((code) => reject(new Error(`the pipeline process exited (${code}) first; stderr:\n${stderr}`)));
    });
  return { child, lines, exited, waitFor, timeOf: (line) => times.get(line) ?? Number.NaN };
}
