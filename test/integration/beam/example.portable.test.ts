// The Beam example on both portable engines of test/services/up.sh, chosen with its one flag.
import { expect, it } from "vitest";
import { windowedCounts } from "../../examples/windowedCountsRun.js";

it.each([
  ["prism", "PRISM_JOB_ENDPOINT"],
  ["flink", "FLINK_JOB_ENDPOINT"],
])("the Beam example gives the same counts with --runner %s (%s)", async (runner, variable) => {
  expect(process.env[variable] ?? "").toMatch(/^127\.0\.0\.1:\d+$/);
  const counts = await windowedCounts({ [variable]: process.env[variable] }, ["--runner", runner]);
  expect(counts).toHaveLength(40);
  expect(counts.reduce((sum, c) => sum + c.clicks, 0)).toBe(6_000);
  expect(new Set(counts.map((c) => c.window)).size).toBe(5);
}, 120_000);
