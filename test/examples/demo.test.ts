import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const run = promisify(execFile);

// `npm start` runs this build output; the demo checks its own record counts and exits 1 if off.
it("the main job (npm start) reads its embedded dataset and prints the summary table", async () => {
  const demo = new URL("../../dist/examples/demo.js", import.meta.url).pathname;
  const { stdout } = await run(process.execPath, [demo]);
  expect(stdout).toMatch(/^job +records +records\/s +MB\/s +initial splits +dynamic splits +checkpoints +watermark$/m);
  expect(stdout).toMatch(/^text files \(glob, 64 KiB splits\) +400000 /m);
  expect(stdout).toMatch(/^gzip file \(read whole\) +20000 /m);
  expect(stdout).toMatch(/^JSON lines +40000 /m);
  expect(stdout).toMatch(/^paged API \(README connector\) +1000 /m);
}, 60_000);
