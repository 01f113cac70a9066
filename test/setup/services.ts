// Vitest global setup of the `integration` project (vitest.config.ts): starts Kafka (the test broker and one with default group settings), MinIO (S3)
// fake-gcs-server (GCS), Prism and Flink's job server (Beam portable runners) with test/services/up.sh, and hands their endpoints to the tests.
//
// - up.sh prints only `export NAME=value` lines (KAFKA_BROKERS, KAFKA_DEFAULT_BROKERS, S3_ENDPOINT, AWS_*, GCS_ENDPOINT, PRISM_JOB_ENDPOINT, …);
//   they are set on process.env here, which the test workers inherit, so tests read
//   process.env.S3_ENDPOINT etc. They are also provided as `inject("services")`.
// - up.sh's progress (a cold build of the services takes several minutes) streams to stderr.
// - On teardown, down.sh stops only the services this setup's up.sh started (up.sh lists them in
//   $SDFKIT_SERVICES_STARTED_FILE); services that were already running, e.g. started by hand with
//   `eval "$(bash test/services/up.sh)"`, keep running. SDFKIT_SERVICES_KEEP=1 stops nothing.
// - SDFKIT_SERVICES_UP_TIMEOUT_S (default 900) bounds up.sh, cold build included.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The variables test/services/up.sh exported (also set on process.env). */
    services: Record<string, string>;
  }
}

const servicesDir = fileURLToPath(new URL("../services/", import.meta.url));
// A cold build of MinIO, fake-gcs-server and Kafka took 6–10 minutes on a busy 2-core machine.
const UP_TIMEOUT_MS = Number(process.env.SDFKIT_SERVICES_UP_TIMEOUT_S ?? 15 * 60) * 1000;
const DOWN_TIMEOUT_MS = 60_000;

/** Runs `bash <script> [args]`, passing its stderr through; resolves with its stdout. */
function runScript(script: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", [join(servicesDir, script), ...args], { env, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => (stdout += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGTERM"); // up.sh then stops whatever it had started
      reject(new Error(`test/services/${script} did not finish within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`test/services/${script} failed (${signal ?? `exit code ${code}`}); its stderr is above`));
    });
  });
}

/** Parses up.sh's stdout: nothing but `export NAME=value` lines (values may be quoted). */
export function parseExports(stdout: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of stdout.split("\n")) {
    if (line.trim() === "") continue;
    const m = /^export ([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) throw new Error(`unexpected line on test/services/up.sh's stdout: ${JSON.stringify(line)}`);
    const [, name, raw] = m as unknown as [string, string, string];
    env[name] = /^(['"]).*\1$/.test(raw) ? raw.slice(1, -1) : raw;
  }
  return env;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), "sdfkit-services-"));
  const startedFile = join(dir, "started");
  let started: string[];
  let env: Record<string, string>;
  try {
    const stdout = await runScript("up.sh", [], { ...process.env, SDFKIT_SERVICES_STARTED_FILE: startedFile }, UP_TIMEOUT_MS);
    env = parseExports(stdout);
    started = readFileSync(startedFile, "utf8").split("\n").filter((name) => name !== "");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  Object.assign(process.env, env);
  project.provide("services", env);

  return async () => {
    if (started.length === 0) return; // everything was already running: leave it so
    if (process.env.SDFKIT_SERVICES_KEEP === "1") {
      console.error(`[services] SDFKIT_SERVICES_KEEP=1: leaving ${started.join(", ")} running (bash test/services/down.sh stops them)`);
      return;
    }
    await runScript("down.sh", started, process.env, DOWN_TIMEOUT_MS);
  };
}
