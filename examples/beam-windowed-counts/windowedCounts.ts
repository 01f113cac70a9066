// Events from a Kafka-like log → one-minute event-time windows → clicks per user per window,
// as an Apache Beam TypeScript pipeline reading through sdfkit's `sdfRead`. Runs on Beam's
// direct runner, or on a portable runner (Prism, Flink) when PRISM_JOB_ENDPOINT is set.
import "apache-beam";
import { directRunner } from "apache-beam/runners/direct_runner";
import { create } from "apache-beam/transforms/create";
import { countPerElement } from "apache-beam/transforms/group_and_combine";
import { windowParam } from "apache-beam/transforms/pardo";
import { withName } from "apache-beam/transforms/transform";
import { windowInto } from "apache-beam/transforms/window";
import { fixedWindows } from "apache-beam/transforms/windowings";
import type { IntervalWindow } from "apache-beam/values";
import { LogSource, MemoryLog, type LogMessage } from "../../connectors/log/index.js";
import { portableRunner, sdfRead } from "../../beam/index.js";

/** The sample stream: 6,000 clicks by 8 users over 5 minutes, in a 4-partition topic. */
export const CLICKS = { topic: "clicks", partitions: 4, events: 6_000, users: 8, start: Date.UTC(2026, 10, 25, 12, 0, 0), spanMs: 5 * 60_000 } as const;

/** One line of the result. */
export interface WindowCount {
  readonly window: string;
  readonly user: string;
  readonly clicks: number;
}

/** Fills an in-process log with the sample clicks (key = user, timestamp = event time). */
export function sampleClicks(): MemoryLog {
  const log = new MemoryLog();
  log.createTopic(CLICKS.topic, CLICKS.partitions);
  log.append(
    CLICKS.topic,
    Array.from({ length: CLICKS.events }, (_, i) => ({
      key: `user-${(i * 7) % CLICKS.users}`,
      value: JSON.stringify({ page: `/p/${i % 13}` }),
      timestamp: CLICKS.start + Math.floor((i * CLICKS.spanMs) / CLICKS.events),
    })),
  );
  return log;
}

function userOf(message: LogMessage<string | null, unknown>): string {
  return message.key ?? "anonymous";
}

function format(counted: { element: string; count: number }, ctx: { window: { lookup(): IntervalWindow } }): WindowCount {
  return { window: new Date(ctx.window.lookup().start.toNumber()).toISOString(), user: counted.element, clicks: counted.count };
}

function print(count: WindowCount): WindowCount {
  console.log(JSON.stringify(count));
  return count;
}

/**
 * Runs the pipeline and prints one JSON line per (window, user).
 * @param jobEndpoint - a Job API endpoint (Prism, Flink); absent: Beam's direct runner
 */
export async function runWindowedCounts(jobEndpoint?: string): Promise<void> {
  const source = new LogSource({ log: sampleClicks(), until: "latest", decodeKey: "string", decodeValue: "json" });
  const runner = jobEndpoint === undefined ? directRunner() : portableRunner({ jobEndpoint });
  await runner.run((root) => {
    root
      .apply(create([CLICKS.topic]))
      .apply(sdfRead(source))
      .map(withName("user", userOf))
      .apply(windowInto(fixedWindows(60)))
      .apply(countPerElement())
      .map(withName("format", format), { window: windowParam() as unknown as { lookup(): IntervalWindow } })
      .map(withName("print", print));
  });
}
