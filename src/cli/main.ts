#!/usr/bin/env node
// The `sdfkit` command.
import { Command, InvalidArgumentError } from "commander";
import { conformanceCommand } from "./conformanceCommand.js";

function integer(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new InvalidArgumentError(`Expected an integer, got ${value}.`);
  return parsed;
}

const program = new Command()
  .name("sdfkit")
  .description("Build, run and check IO connectors on the Splittable DoFn model.")
  .showHelpAfterError();

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

try {
  await program.parseAsync();
} catch (error) {
  console.error(`sdfkit: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
