// `npm start`: the example connector read piece by piece, with checkpoints taken by the
// invoker and every residual passed through the restriction coder as a real checkpoint would be.
import { MIN_TIMESTAMP, invokeProcessElement, type OffsetRange } from "../src/index.js";
import { PagedSource, fakePagedApi } from "./PagedSource.js";

const source = new PagedSource(fakePagedApi(40, 25));
const coder = source.restrictionCoder();
const collection = "orders";

const initial = await source.initialRestriction(collection);
const queue: Uint8Array[] = (await source.splitRestriction(collection, initial)).map((r) => coder.encode(r));
const ids = new Set<string>();
let records = 0;
let pieces = 0;
while (queue.length > 0) {
  const restriction: OffsetRange = coder.decode(queue.shift()!);
  const result = await invokeProcessElement(source, collection, restriction, MIN_TIMESTAMP, {
    emit: (item) => {
      records++;
      ids.add(item.id);
    },
    maxOutputs: 60,
  });
  pieces++;
  if (result.residual !== null) queue.push(coder.encode(result.residual));
}
console.log(`read ${records} records (${ids.size} distinct) from ${collection} in ${pieces} pieces, checkpointing every 60 outputs`);
if (records !== 1000 || ids.size !== 1000) process.exit(1);
