// Runs one side of one benchmark case in this fresh process and prints its value as JSON.
const [file, name, side] = process.argv.slice(2);
const { cases } = await import(new URL(file, import.meta.url).href);
const benchCase = cases.find((c) => c.name === name);
if (!benchCase) throw new Error(`no case ${name} in ${file}`);
const run = side === "ours" ? benchCase.ours : benchCase.baseline.run;
if (benchCase.warmup !== false) await run(); // warm-up: let the JIT settle before the measured run
const result = await run();
// A side returns its value, or { value, counters } to report what it did (requests, bytes).
const value = typeof result === "number" ? result : result.value;
const counters = typeof result === "number" ? undefined : result.counters;
// Exit once the line is out: Beam's worker and gRPC clients may keep handles open.
process.stdout.write(JSON.stringify({ value, counters }) + "\n", () => process.exit(0));
