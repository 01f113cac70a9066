// Runs the built Beam example as `npm run example:beam` does, for the direct-runner and Prism tests.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);
const main = new URL("../../dist/examples/beam-windowed-counts/main.js", import.meta.url).pathname;

/** Runs the built example (as `npm run example:beam` does) and returns its result lines. */
export async function windowedCounts(env: NodeJS.ProcessEnv = {}, args: string[] = []): Promise<{ window: string; user: string; clicks: number }[]> {
  const { stdout } = await run(process.execPath, [main, ...args], { env: { ...process.env, PRISM_JOB_ENDPOINT: "", ...env }, maxBuffer: 32 << 20 });
  return stdout
    .split("\n")
    .filter((line) => line.startsWith('{"window"'))
    .map((line) => JSON.parse(line) as { window: string; user: string; clicks: number });
}
