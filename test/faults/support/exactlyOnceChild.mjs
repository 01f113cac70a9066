// A pipeline process for the "killed mid-run" fault test: runs runExactlyOnce (from the built
// package in dist/) from the input topic to the output topic and prints one line per committed
// transaction ("committed <total inputs>") and, at the end, "done <JSON report>".
// Usage: node exactlyOnceChild.mjs <brokers> <input> <output> <groupId> <transactionalId>
import { runExactlyOnce } from "../../../dist/connectors/kafka/index.js";

const [brokers, input, output, groupId, transactionalId] = process.argv.slice(2);
const report = await runExactlyOnce({
  brokers: brokers.split(","),
  topics: [input],
  groupId,
  transactionalId,
  until: "latest",
  outputTopic: output,
  read: { decodeKey: "string", decodeValue: "string" },
  commitEveryRecords: 200,
  // A pause per 100 records, so that the parent's kill lands mid-run.
  transform: async (message) => {
    if (message.offset % 100 === 0) await new Promise((resolve) => setTimeout(resolve, 3));
    return [{ key: message.key, value: `out-${String(message.value).slice(3)}` }];
  },
  onEvent: (event) => {
    if (event.kind === "committed") process.stdout.write(`committed ${event.totalInputs}\n`);
  },
});
process.stdout.write(`done ${JSON.stringify(report)}\n`);
