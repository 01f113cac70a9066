// Object-store benchmark: TextFileSource reading one S3 object in ranges on 4 workers, against
// one GetObject stream split into lines by hand, on the local S3 server, in the same run.
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { LocalRunner } from "../dist/src/index.js";
import { TextFileSource } from "../dist/connectors/files/index.js";
import { countingByteSource, registerByteSourceScheme } from "../dist/connectors/bytes/index.js";
import { s3Scheme } from "../dist/connectors/s3/index.js";
import { BUCKET, countingClient, ensureServices, stopServices, textObject } from "./fixtures/services.mjs";

const quick = process.env.SDFKIT_BENCH_QUICK === "1";
const SIZE = quick ? 64 << 20 : 256 << 20;
const startedServices = ensureServices();

async function splitRead() {
  const { key, size } = await textObject(SIZE);
  const { client, counters } = countingClient();
  const scheme = s3Scheme({ client });
  let bytesRead = 0;
  const counted = [];
  registerByteSourceScheme({
    ...scheme,
    open: async (uri, version) => {
      const source = countingByteSource(await scheme.open(uri, version));
      counted.push(source);
      return source;
    },
  });
  const runner = new LocalRunner({ parallelism: 4 });
  const start = performance.now();
  let lines = 0;
  for await (const batch of runner.runBatches(new TextFileSource({ desiredSplitSize: size / 8 }), [`s3://${BUCKET}/${key}`])) {
    for (const line of batch) if (typeof line === "string") lines++;
  }
  const seconds = (performance.now() - start) / 1000;
  for (const source of counted) bytesRead += source.bytesRead;
  client.destroy();
  return { value: size / 2 ** 20 / seconds, counters: { lines, requests: counters.requests, bytesReadPerObjectByte: bytesRead / size } };
}

/** What a user writes without sdfkit: one GetObject, a hand-written indexOf line splitter. */
async function oneStream() {
  const { key, size } = await textObject(SIZE);
  const { client, counters } = countingClient();
  const start = performance.now();
  const response = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  let carry = Buffer.alloc(0);
  let lines = 0;
  for await (const chunk of response.Body) {
    const buffer = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    let i = 0;
    for (let j = buffer.indexOf(10, i); j >= 0; j = buffer.indexOf(10, i)) {
      if (typeof buffer.toString("utf8", i, j) === "string") lines++;
      i = j + 1;
    }
    carry = Buffer.from(buffer.subarray(i));
  }
  if (carry.length > 0) lines++;
  const seconds = (performance.now() - start) / 1000;
  client.destroy();
  return { value: size / 2 ** 20 / seconds, counters: { lines, requests: counters.requests } };
}

export const cases = [
  {
    name: "s3.split_read_4_vs_getobject",
    unit: "MiB/s",
    note: `TextFileSource on LocalRunner (4 workers, 8 splits, 8 MiB ranged GETs pinned by If-Match) reading a ${SIZE >> 20} MiB text object from the local MinIO, vs one GetObject stream split into lines by hand; both build one string per line`,
    ours: splitRead,
    baseline: { name: "one GetObject stream + indexOf", run: oneStream },
  },
];

/** Called by run.mjs after this file's cases. */
export function cleanup() {
  if (startedServices) stopServices();
}
