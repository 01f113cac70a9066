// `npm run bench [-- --quick]`: every case, ours and baseline interleaved, each in a fresh
// process; the median of 5 (3 with --quick) runs. Writes bench/results.json and BENCHMARKS.md.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";

const quick = process.argv.includes("--quick");
const repetitions = quick ? 3 : 5;
const benchDir = new URL(".", import.meta.url);
// `--only <prefix>` runs the cases whose name starts with it and keeps the other rows of the last report.
const onlyIndex = process.argv.indexOf("--only");
const only = onlyIndex >= 0 ? process.argv[onlyIndex + 1] : undefined;
const files = readdirSync(benchDir).filter((f) => f.endsWith(".bench.mjs")).sort();

function runSide(file, name, side) {
  const out = execFileSync(process.execPath, [new URL("child.mjs", benchDir).pathname, `./${file}`, name, side], {
    encoding: "utf8",
    env: { ...process.env, SDFKIT_BENCH_QUICK: quick ? "1" : "0" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(out.trim().split("\n").pop());
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// `--render` rewrites BENCHMARKS.md from the last bench/results.json (after editing READING.md).
if (process.argv.includes("--render")) {
  writeFileSync(new URL("../BENCHMARKS.md", benchDir), renderMarkdown(JSON.parse(readFileSync(new URL("results.json", benchDir), "utf8"))));
  process.exit(0);
}

const results = [];
/** Every case name that exists now: rows of older reports under other names are dropped. */
const knownNames = new Set();
for (const file of files) {
  const { cases: allCases, cleanup } = await import(new URL(file, benchDir).href);
  for (const benchCase of allCases) knownNames.add(benchCase.name);
  const cases = allCases.filter((c) => only === undefined || c.name.startsWith(only));
  for (const benchCase of cases) {
    const ours = [];
    const baseline = [];
    let counters;
    for (let i = 0; i < repetitions; i++) {
      const side = runSide(file, benchCase.name, "ours");
      ours.push(side.value);
      counters = side.counters ? { ours: side.counters, baseline: counters?.baseline } : counters;
      const base = runSide(file, benchCase.name, "baseline");
      baseline.push(base.value);
      counters = base.counters ? { ours: counters?.ours, baseline: base.counters } : counters;
    }
    const value = median(ours);
    const baselineValue = median(baseline);
    const derived = benchCase.derived?.(value, baselineValue);
    const ratio = value / baselineValue;
    const row = {
      name: benchCase.name,
      repetitions,
      unit: benchCase.unit,
      value,
      baseline: { name: benchCase.baseline.name, value: baselineValue },
      ratio,
      note: benchCase.note,
      ...(benchCase.target ? { target: { ...benchCase.target, met: targetMet(benchCase.target, value, ratio) } } : {}),
      ...(derived ? { derived } : {}),
      ...(counters ? { counters } : {}),
    };
    results.push(row);
    console.error(`${row.name}: ${fmt(value)} ${row.unit} vs ${fmt(baselineValue)} (${row.baseline.name}), ratio ${row.ratio.toFixed(2)}`);
  }
  await cleanup?.();
}

const machine = { cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), platform: `${os.platform()} ${os.release()}` };
if (only !== undefined && existsSync(new URL("results.json", benchDir))) {
  const previous = JSON.parse(readFileSync(new URL("results.json", benchDir), "utf8")).results;
  const fresh = new Set(results.map((r) => r.name));
  results.unshift(...previous.filter((r) => !fresh.has(r.name) && knownNames.has(r.name)));
}
const report = { machine, node: process.version, quick, repetitions, date: new Date().toISOString(), results };
writeFileSync(new URL("results.json", benchDir), JSON.stringify(report, null, 2) + "\n");
writeFileSync(new URL("../BENCHMARKS.md", benchDir), renderMarkdown(report));

function formatCounters(counters) {
  if (!counters) return "";
  const side = (name, c) => (c ? `${name}: ${Object.entries(c).map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(3)}`).join(", ")}` : "");
  return [side("ours", counters.ours), side("baseline", counters.baseline)].filter(Boolean).join("; ");
}

/** Whether a case's target (`{ of: "ratio" | "value", atLeast?, atMost? }`) holds. */
function targetMet(target, value, ratio) {
  const measured = target.of === "value" ? value : ratio;
  return (target.atLeast === undefined || measured >= target.atLeast) && (target.atMost === undefined || measured <= target.atMost);
}

function formatTarget(target) {
  if (!target) return "";
  const bound = target.atLeast !== undefined ? `≥ ${target.atLeast}` : `≤ ${target.atMost}`;
  return `${target.of === "value" ? "value" : "ratio"} ${bound}: ${target.met ? "met" : "**missed**"}`;
}

function fmt(n) {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(2);
}

function renderMarkdown({ machine, node, repetitions, date, results }) {
  const counts = [...new Set(results.map((r) => r.repetitions ?? repetitions))].sort();
  const medianOf = counts.length === 1 ? `${counts[0]}` : `${counts.join(" or ")} (rows merged from runs with \`--only\`; see bench/results.json)`;
  const rows = results.map(
    (r) =>
      `| \`${r.name}\` | ${fmt(r.value)} ${r.unit} | ${r.baseline.name}: ${fmt(r.baseline.value)} | ${r.ratio.toFixed(2)} | ${formatTarget(r.target)} | ${[r.derived ? `${r.derived.label}: ${r.derived.value.toFixed(1)}` : "", formatCounters(r.counters)].filter(Boolean).join("; ")} |`,
  );
  return [
    "# Benchmarks",
    "",
    `Generated by \`npm run bench\` on ${date.slice(0, 10)}: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${node}.`,
    `Each side runs in a fresh process (one warm-up, one measured run), ours and baseline interleaved; the median of ${medianOf} is shown. Ratio = ours ÷ baseline, higher is better (except where the unit says lower is better). Targets are the issues' (a missed one is explained below).`,
    "",
    "| name | ours | baseline | ratio | target | derived and counters |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
    "## Reading",
    "",
    ...results.map((r) => `- \`${r.name}\`: ${r.note}.`),
    "",
    existsSync(new URL("READING.md", benchDir)) ? readFileSync(new URL("READING.md", benchDir), "utf8") : "",
  ].join("\n");
}
