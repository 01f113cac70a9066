import { LocalRunner } from "../src/runner/LocalRunner.js";
import type { RunProgress } from "../src/runner/RunProgress.js";
import { planRead, type ReadPlanOptions } from "./readPlan.js";
import { ReadProgress } from "./ReadProgress.js";
import { RecordWriter } from "./RecordWriter.js";
import { RunCancelledError } from "../src/errors/RunCancelledError.js";

/** Options of `sdfkit read`. */
export interface ReadCommandOptions extends ReadPlanOptions {
  /** Workers. @defaultValue 4 */
  parallelism?: number;
  /** Print only the count, as the last line. */
  count?: boolean;
  /** `lines` (default) or `jsonl`. */
  output?: string;
}

/**
 * `sdfkit read <uri|glob>...`: reads files, objects or Kafka topics with the `LocalRunner` and
 * prints the records to stdout (or, with `--count`, their count as the last line). A progress
 * bar goes to stderr only when it is a terminal; a summary line goes to stderr at the end.
 * Ctrl-C drains an unbounded read (a second Ctrl-C aborts) and aborts a bounded one (exit 130).
 *
 * @param inputs - paths, globs, `s3://`, `gs://`, `kafka://host:port/topic`
 * @param options - format, parallelism, output and source options
 * @returns the exit code: 0 when the read succeeded
 * @throws the read's failure (the caller prints it as one line and exits with 1)
 */
export async function readCommand(inputs: string[], options: ReadCommandOptions): Promise<number> {
  const plan = planRead(inputs, options);
  const output = options.output ?? "lines";
  const controller = new AbortController();
  const progressBar = process.stderr.isTTY === true ? new ReadProgress(plan.bounded, plan.backlogInBytes) : undefined;
  let last: RunProgress | undefined;
  const runner = new LocalRunner({
    parallelism: options.parallelism ?? 4,
    signal: controller.signal,
    onProgress: (progress) => {
      last = progress;
      progressBar?.update(progress);
    },
  });
  let interrupts = 0;
  const onInterrupt = (): void => {
    interrupts++;
    if (interrupts === 1 && !plan.bounded) runner.drain();
    else controller.abort(new RunCancelledError("interrupted by a second Ctrl-C; what was checkpointed stays resumable"));
  };
  process.on("SIGINT", onInterrupt);
  const writer = new RecordWriter(process.stdout);
  const start = performance.now();
  let records = 0;
  try {
    for await (const batch of runner.runBatches(plan.sdf, plan.elements)) {
      records += batch.length;
      if (options.count === true) continue;
      for (const record of batch) await writer.write(output === "jsonl" ? JSON.stringify(plan.toJson(record)) : plan.toLine(record));
    }
    await writer.flush();
  } catch (error) {
    if (!controller.signal.aborted) throw error;
    await writer.flush().catch(() => undefined);
    process.stderr.write(`sdfkit: interrupted after ${records} records\n`);
    return 130;
  } finally {
    process.off("SIGINT", onInterrupt);
    progressBar?.stop();
    await plan.close();
  }
  if (options.count === true) process.stdout.write(`${records}\n`);
  const seconds = (performance.now() - start) / 1000;
  const splits = last === undefined ? "" : `, ${last.initialSplits} initial and ${last.dynamicSplits} dynamic splits, ${last.checkpoints} checkpoints`;
  process.stderr.write(`sdfkit: read ${records} records from ${plan.elements.length} input(s) in ${seconds.toFixed(2)} s (${Math.round(records / Math.max(seconds, 1e-3))} records/s${splits})\n`);
  return 0;
}
