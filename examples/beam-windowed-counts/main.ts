// `npm run example:beam`: the windowed-counts pipeline on Beam's direct runner, or on the portable
// runner at PRISM_JOB_ENDPOINT (or --job-endpoint host:port) when given.
import { runWindowedCounts } from "./windowedCounts.js";

const flag = process.argv.indexOf("--job-endpoint");
const endpoint = (flag >= 0 ? process.argv[flag + 1] : process.env["PRISM_JOB_ENDPOINT"]) || undefined;
await runWindowedCounts(endpoint);
// Beam's worker may keep gRPC handles open after the job is done.
process.exit(0);
