import { expect, it } from "vitest";
import { windowedCounts } from "../../examples/windowedCountsRun.js";

it("the Beam example gives the same counts on Prism (PRISM_JOB_ENDPOINT)", async () => {
  const endpoint = process.env["PRISM_JOB_ENDPOINT"] ?? "";
  expect(endpoint).toMatch(/^127\.0\.0\.1:\d+$/);
  const counts = await windowedCounts({ PRISM_JOB_ENDPOINT: endpoint });
  expect(counts).toHaveLength(40);
  expect(counts.reduce((sum, c) => sum + c.clicks, 0)).toBe(6_000);
  expect(new Set(counts.map((c) => c.window)).size).toBe(5);
}, 120_000);
