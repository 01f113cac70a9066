import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const run = promisify(execFile);
// Built by `npm test` before vitest runs.
const cli = new URL("../../dist/cli/main.js", import.meta.url).pathname;

// `sdfkit demo` checks its own record counts and exits 1 when one is off.
it("sdfkit demo reads the sample files, the Parquet sample, the README connector and a live-fed log, prints one row per job and exits 0", async () => {
  const { stdout, stderr } = await run(process.execPath, [cli, "demo"]);
  expect(stderr).toBe("");
  expect(stdout).toMatch(/^job +records +records\/s +MB\/s +initial splits +dynamic splits +checkpoints +watermark$/m);
  const rows: [string, number][] = [
    ["text files (glob, 64 KiB splits)", 400_000],
    ["gzip file (read whole)", 20_000],
    ["JSON lines", 40_000],
    ["Parquet (12 row groups, 2 columns)", 60_000],
    ["paged API (README connector)", 1_000],
    ["live log (4 partitions, fed while read)", 100_000],
  ];
  for (const [job, records] of rows) {
    const escaped = job.replace(/[()]/g, "\\$&");
    // job, records, records/s, MB/s, initial splits, dynamic splits, checkpoints, watermark ("done": every run ended, the live one drained)
    expect(stdout, job).toMatch(new RegExp(`^${escaped} +${records} +[\\d,]+ +(?:\\d+\\.\\d|-) +\\d+ +\\d+ +\\d+ +done$`, "m"));
  }
  const dir = /sample data in (\S+)/.exec(stdout)?.[1];
  expect(dir).toBeDefined();
  expect(existsSync(dir!), "the temp folder is removed").toBe(false);
}, 60_000);
