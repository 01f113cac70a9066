import { configDefaults, defineConfig } from "vitest/config";
import HeavyBeamJobsLast from "./test/setup/sequencer.js";

const setupFiles = ["test/setup/fastCheckSeed.ts"];

export default defineConfig({
  test: {
    // Root-only options: one JSON report covers both projects.
    reporters: ["default", "json"],
    // The production-size Beam jobs last (see the sequencer for why).
    sequence: { sequencer: HeavyBeamJobsLast },
    outputFile: { json: ".vitest-report.json" },
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "test/integration/**", "test/faults/**", "test/beam/portable/**"],
          setupFiles,
          testTimeout: 30_000,
        },
      },
      {
        // Needs Kafka, MinIO and fake-gcs-server: the global setup starts them with
        // test/services/up.sh (building them on first use) and stops them afterwards. It only
        // runs when a file of this project is selected.
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts", "test/faults/**/*.test.ts", "test/beam/portable/**/*.test.ts"],
          setupFiles,
          globalSetup: ["test/setup/services.ts"],
          // The Kafka restart tests stop the shared broker for seconds: no file runs beside them.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
