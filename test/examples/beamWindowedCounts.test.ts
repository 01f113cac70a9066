import { expect, it } from "vitest";
import { windowedCounts } from "./windowedCountsRun.js";

it("the Beam example counts 6,000 clicks of 8 users in five one-minute event-time windows, on the direct runner", async () => {
  const counts = await windowedCounts();
  expect(counts).toHaveLength(40);
  expect(new Set(counts.map((c) => c.window))).toEqual(new Set(["12:00", "12:01", "12:02", "12:03", "12:04"].map((m) => `2026-11-25T${m}:00.000Z`)));
  expect(counts.every((c) => c.clicks === 150)).toBe(true);
}, 60_000);
