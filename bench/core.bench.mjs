// Core micro-benchmarks: tracker claims and invoker overhead, each beside a plain-loop baseline.
import { Numbers } from "./fixtures/numbers.mjs";
import { MIN_TIMESTAMP, OffsetRange, OffsetRangeTracker, invokeProcessElement } from "../dist/src/index.js";

const quick = process.env.SDFKIT_BENCH_QUICK === "1" || process.argv.includes("--quick");
const CLAIMS = quick ? 20_000_000 : 50_000_000;
const RECORDS = quick ? 8_000_000 : 20_000_000;

/** Claims every position of [0, CLAIMS) through an OffsetRangeTracker. */
function trackerClaims() {
  const tracker = new OffsetRangeTracker(new OffsetRange(0, CLAIMS));
  const start = performance.now();
  let claimed = 0;
  for (let p = 0; tracker.tryClaim(p); p++) claimed++;
  const seconds = (performance.now() - start) / 1000;
  if (claimed !== CLAIMS) throw new Error(`claimed ${claimed}`);
  return claimed / seconds;
}

/** The same loop bounded by a plain comparison: what a reader costs with no tracker at all. */
function plainLoop() {
  const end = CLAIMS;
  const start = performance.now();
  let claimed = 0;
  for (let p = 0; p < end; p++) claimed++;
  const seconds = (performance.now() - start) / 1000;
  if (claimed !== CLAIMS) throw new Error(`counted ${claimed}`);
  return claimed / seconds;
}


/** Records/s through invokeProcessElement, outputs batched into an array (no await per record). */
async function invokerRecords() {
  const batch = [];
  const start = performance.now();
  const result = await invokeProcessElement(new Numbers(), RECORDS, new OffsetRange(0, RECORDS), MIN_TIMESTAMP, {
    emit: (value) => {
      batch.push(value);
      if (batch.length === 4096) batch.length = 0;
    },
  });
  const seconds = (performance.now() - start) / 1000;
  if (result.outputs !== RECORDS) throw new Error(`output ${result.outputs}`);
  return RECORDS / seconds;
}

/** The same source loop calling the tracker and the batch directly, without the invoker. */
function directRecords() {
  const batch = [];
  const tracker = new OffsetRangeTracker(new OffsetRange(0, RECORDS));
  const start = performance.now();
  let outputs = 0;
  for (let p = 0; tracker.tryClaim(p); p++) {
    batch.push(p);
    outputs++;
    if (batch.length === 4096) batch.length = 0;
  }
  const seconds = (performance.now() - start) / 1000;
  if (outputs !== RECORDS) throw new Error(`output ${outputs}`);
  return RECORDS / seconds;
}

/** Benchmark cases: `ours` and `baseline` each return a rate; higher is better. */
export const cases = [
  {
    name: "core.tracker_claims",
    target: { of: "value", atLeast: 50e6 },
    unit: "claims/s",
    note: `OffsetRangeTracker.tryClaim over ${CLAIMS / 1e6} M positions vs a bare \`p < end\` loop`,
    ours: trackerClaims,
    baseline: { name: "plain for-loop", run: plainLoop },
    derived: (ours) => ({ label: "ns per claim", value: 1e9 / ours }),
  },
  {
    name: "core.invoker_records",
    unit: "records/s",
    note: "invokeProcessElement with a sync, batched emit vs the same loop without the invoker",
    ours: invokerRecords,
    baseline: { name: "tracker loop, no invoker", run: directRecords },
    derived: (ours, baseline) => ({ label: "invoker overhead ns/record", value: 1e9 / ours - 1e9 / baseline }),
  },
];
