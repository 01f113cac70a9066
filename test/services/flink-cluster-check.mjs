// Checks the opt-in `flink-cluster` service (test/services/up.sh) end to end:
//
//   npm run build && node test/services/flink-cluster-check.mjs
//
// Starts it with `SDFKIT_SERVICES=flink-cluster bash test/services/up.sh` (reused if running),
// asserts over REST that 2 TaskManagers (tm1, tm2) are registered and the state backend is
// RocksDB, runs a LOOPBACK Beam job (sdfRead(TextFileSource) over a small file, counting lines)
// on FLINK_CLUSTER_JOB_ENDPOINT, checks the count is exact and that /jobs/overview lists a
// FINISHED job, then stops the service with `down.sh flink-cluster` unless it was already
// running (SDFKIT_SERVICES_KEEP=1 keeps it either way). Exits non-zero on any failure.
// Not part of the vitest projects: the cluster costs ~2 GB and 20 s, so it runs only on demand.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import "apache-beam";
import { create } from "apache-beam/transforms/create";
import { withName } from "apache-beam/transforms/transform";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const { portableRunner, sdfRead } = await import(join(root, "dist/beam/index.js"));
const { TextFileSource } = await import(join(root, "dist/connectors/files/index.js"));

const services = join(root, "test/services");
const work = mkdtempSync(join(tmpdir(), "sdfkit-flink-cluster-check-"));
// Our own record of what up.sh started, so the shared state dir's file is left alone.
const startedFile = join(work, "started");
const env = { ...process.env, SDFKIT_SERVICES: "flink-cluster", SDFKIT_SERVICES_STARTED_FILE: startedFile };
const log = (message) => console.log(`[flink-cluster-check] ${message}`);

let stopAtEnd = false;
try {
  let t0 = Date.now();
  const exports = execFileSync("bash", [join(services, "up.sh")], { env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const vars = Object.fromEntries([...exports.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
  stopAtEnd = /^flink-cluster$/m.test(execFileSync("cat", [startedFile], { encoding: "utf8" })) && process.env.SDFKIT_SERVICES_KEEP !== "1";
  log(`up.sh: ${Date.now() - t0} ms (${stopAtEnd ? "started now" : "reused"}); FLINK_CLUSTER_JOB_ENDPOINT=${vars.FLINK_CLUSTER_JOB_ENDPOINT} FLINK_CLUSTER_REST=${vars.FLINK_CLUSTER_REST}`);
  assert.match(vars.FLINK_CLUSTER_JOB_ENDPOINT ?? "", /^127\.0\.0\.1:\d+$/);
  const rest = vars.FLINK_CLUSTER_REST;
  assert.match(rest ?? "", /^http:\/\/127\.0\.0\.1:\d+$/);
  const get = async (path) => {
    const response = await fetch(rest + path);
    assert.ok(response.ok, `GET ${path}: ${response.status}`);
    return response.json();
  };

  const overview = await get("/overview");
  assert.equal(overview.taskmanagers, 2, `taskmanagers in /overview: ${JSON.stringify(overview)}`);
  const tms = (await get("/taskmanagers")).taskmanagers.map((tm) => tm.id).sort();
  assert.deepEqual(tms, ["tm1", "tm2"]);
  const config = Object.fromEntries((await get("/jobmanager/config")).map((e) => [e.key, e.value]));
  assert.equal(config["state.backend.type"], "rocksdb");
  assert.match(config["state.checkpoints.dir"] ?? "", /^file:\/\//);
  log(`REST: ${overview.taskmanagers} TaskManagers (${tms.join(", ")}), ${overview["slots-total"]} slots, Flink ${overview["flink-version"]}, state.backend.type=${config["state.backend.type"]}, state.checkpoints.dir=${config["state.checkpoints.dir"]}`);
  const finishedBefore = (await get("/jobs/overview")).jobs.filter((j) => j.state === "FINISHED").map((j) => j.jid);

  const lines = 5_000;
  const file = join(work, "lines.txt");
  writeFileSync(file, Array.from({ length: lines }, (_, i) => `line ${i}`).join("\n") + "\n");
  globalThis.sdfkitClusterCheckLines = 0;
  t0 = Date.now();
  await portableRunner({ jobEndpoint: vars.FLINK_CLUSTER_JOB_ENDPOINT }).run((p) => {
    p.apply(create([file]))
      .apply(sdfRead(new TextFileSource({ desiredSplitSize: 16 * 1024 }), { checkpointAfterMs: 300 }))
      .map(withName("count", countLine));
  });
  const counted = globalThis.sdfkitClusterCheckLines;
  log(`job: ${counted} of ${lines} lines counted in ${Date.now() - t0} ms`);
  assert.equal(counted, lines);

  const jobs = (await get("/jobs/overview")).jobs;
  const finished = jobs.filter((j) => j.state === "FINISHED" && !finishedBefore.includes(j.jid));
  assert.equal(finished.length, 1, `new FINISHED jobs in /jobs/overview: ${JSON.stringify(jobs)}`);
  const job = await get(`/jobs/${finished[0].jid}`);
  const hosts = new Set();
  for (const v of job.vertices ?? []) {
    const tms = await get(`/jobs/${finished[0].jid}/vertices/${v.id}/taskmanagers`);
    for (const tm of tms.taskmanagers ?? []) hosts.add(tm["taskmanager-id"]);
  }
  log(`/jobs/overview: ${finished[0].name} ${finished[0].state} in ${finished[0].duration} ms, ran on ${[...hosts].sort().join(", ")}`);
  log("OK");
} finally {
  if (stopAtEnd) {
    const t0 = Date.now();
    execFileSync("bash", [join(services, "down.sh"), "flink-cluster"], { env, stdio: ["ignore", "inherit", "inherit"] });
    log(`down.sh flink-cluster: ${Date.now() - t0} ms`);
  }
  rmSync(work, { recursive: true, force: true });
}

/** Counts a line (runs in this process's LOOPBACK worker; DoFns are serialized, so a global). */
function countLine(line) {
  globalThis.sdfkitClusterCheckLines += 1;
  return line;
}
