#!/usr/bin/env node
// The `sdfkit` command: read, demo, conformance. Exit codes: 0 ok, 1 failure, 2 usage.
import { readFileSync } from "node:fs";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { conformanceCommand } from "./conformanceCommand.js";
import { demoCommand } from "./demoCommand.js";
import { parseByteSize } from "./byteSize.js";
import { readCommand, type ReadCommandOptions } from "./readCommand.js";

function integer(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new InvalidArgumentError(`Expected an integer, got ${value}.`);
  return parsed;
}

function positive(value: string): number {
  const parsed = integer(value);
  if (parsed < 1) throw new InvalidArgumentError(`Expected an integer >= 1, got ${value}.`);
  return parsed;
}

const version = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
let verbose = process.argv.includes("--verbose");
// The AWS SDK warns on Node 20 about its future versions; a command line tool keeps stderr to its own lines.
process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true";

const program = new Command()
  .name("sdfkit")
  .description("Build, run and check IO connectors on the Splittable DoFn model.")
  .version(version)
  .option("--verbose", "print stack traces of failures")
  .showHelpAfterError()
  .exitOverride();

program
  .command("read")
  .description("Read files, objects or Kafka topics and print their records to stdout (a progress bar goes to stderr on a terminal).")
  .argument("<inputs...>", "paths, globs, file://, s3://bucket/key, gs://bucket/key, kafka://host:port/topic")
  .option("--format <format>", "text, jsonl or parquet (default: by extension)")
  .option("--parallelism <n>", "workers", positive, 4)
  .option("--split-size <bytes>", "bytes per initial split of files, e.g. 64MiB", parseByteSize)
  .option("--delimiter <string>", "record delimiter of text files (\\n, \\r, \\t escapes)")
  .option("--skip-header <n>", "header lines to skip in each text file", integer)
  .option("--columns <names>", "Parquet: the columns to read, comma-separated (others are not fetched)")
  .option("--from <position>", "Kafka: earliest, latest, an ISO time or epoch ms")
  .option("--until <position>", "Kafka: latest, an ISO time or epoch ms (absent: read until Ctrl-C)")
  .option("--output <format>", "lines or jsonl", "lines")
  .option("--count", "print only the number of records, as the last line")
  .action(async (inputs: string[], options: ReadCommandOptions) => {
    if (options.output !== "lines" && options.output !== "jsonl") throw new InvalidArgumentError(`Expected --output lines or jsonl, got ${options.output}.`);
    process.exitCode = await readCommand(inputs, options);
  });

program
  .command("demo")
  .description("Run the main job on an embedded default: sample files and a live in-process log, read on 4 workers, with a summary table.")
  .action(async () => {
    process.exitCode = await demoCommand();
  });

program
  .command("conformance")
  .description(
    "Run the conformance testkit on a connector module. The module exports `conformance` (or a default export): " +
      "{ sdf, elements, expected?, numRuns?, seed? } for a source, { newTracker, restrictions, positions, finish? } for a tracker, or an array of them.",
  )
  .argument("<module>", "path of an ES module (.js/.mjs) exporting the config")
  .option("--runs <n>", "runs per property (overrides the module)", integer)
  .option("--seed <n>", "fast-check seed, to replay a failure", integer)
  .action(async (module: string, options: { runs?: number; seed?: number }) => {
    process.exitCode = await conformanceCommand(module, options);
  });

for (const command of program.commands) command.exitOverride().showHelpAfterError();

try {
  await program.parseAsync();
} catch (error) {
  verbose ||= program.opts<{ verbose?: boolean }>().verbose === true;
  if (error instanceof InvalidArgumentError) {
    // Thrown by an action (commander prints the ones it throws while parsing).
    console.error(`sdfkit: ${error.message}`);
    process.exitCode = 2;
  } else if (error instanceof CommanderError) {
    // Help and --version end with code 0; a usage error was already printed by commander.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    console.error(`sdfkit: ${oneLine(error)}`);
    if (verbose && error instanceof Error) console.error(error.stack);
    process.exitCode = 1;
  }
}

/** The failure as one line: the deepest sdfkit message (it names the input), not the wrappers. */
function oneLine(error: unknown): string {
  let current: unknown = error;
  let message = error instanceof Error ? error.message : String(error);
  for (let depth = 0; depth < 6 && current instanceof Error; depth++, current = current.cause) {
    if (current.name !== "WorkItemFailedError" && current.message !== "") message = current.message;
    if (current.name !== "WorkItemFailedError") break;
  }
  return message.split("\n")[0] ?? message;
}
