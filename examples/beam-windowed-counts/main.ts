// `npm run example:beam`: the windowed-counts pipeline on Beam's direct runner, or on a portable
// runner: `--runner prism` (PRISM_JOB_ENDPOINT), `--runner flink` (FLINK_JOB_ENDPOINT), or
// `--job-endpoint host:port`. Without a flag, PRISM_JOB_ENDPOINT when set, else the direct runner.
import { runWindowedCounts } from "./windowedCounts.js";

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function endpointFor(runner: string | undefined): string | undefined {
  if (runner === undefined) return argument("--job-endpoint") || process.env["PRISM_JOB_ENDPOINT"] || undefined;
  if (runner === "direct") return undefined;
  const variable = { prism: "PRISM_JOB_ENDPOINT", flink: "FLINK_JOB_ENDPOINT" }[runner];
  if (variable === undefined) {
    console.error(`Unknown --runner ${runner}: expected direct, prism or flink.`);
    process.exit(2);
  }
  const endpoint = process.env[variable];
  if (!endpoint) {
    console.error(`--runner ${runner} needs ${variable}: start the job service with \`eval "$(bash test/services/up.sh)"\`, or pass --job-endpoint host:port.`);
    process.exit(2);
  }
  return endpoint;
}

await runWindowedCounts(endpointFor(argument("--runner")));
// Beam's worker may keep gRPC handles open after the job is done.
process.exit(0);
