// `npm start`: the example connector read by the LocalRunner with 4 workers: initial splits,
// dynamic rebalancing and checkpoints every 60 outputs, progress on stderr.
import { LocalRunner, type RunProgress } from "../src/index.js";
import { PagedSource, fakePagedApi } from "./PagedSource.js";

const source = new PagedSource(fakePagedApi(40, 25));
let last: RunProgress | undefined;
const runner = new LocalRunner({ parallelism: 4, checkpointAfterOutputs: 60, onProgress: (p) => (last = p) });

const ids = new Set<string>();
let records = 0;
for await (const item of runner.run(source, ["orders"])) {
  records++;
  ids.add(item.id);
}
const p = last!;
console.log(
  `read ${records} records (${ids.size} distinct) from ${p.sources.join(", ")}: ` +
    `${p.initialSplits} initial splits, ${p.dynamicSplits} dynamic splits, ${p.checkpoints} checkpoints, ${p.workItemsDone} work items`,
);
if (records !== 1000 || ids.size !== 1000) process.exit(1);
