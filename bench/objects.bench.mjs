// Object-store benchmarks: TextFileSource reading one object in ranges on 4 workers, against one
// whole-object stream split into lines by hand (S3 GetObject; GCS createReadStream), on the
// local MinIO and fake-gcs-server, in the same run.
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { LocalRunner } from "../dist/src/index.js";
import { TextFileSource } from "../dist/connectors/files/index.js";
import { countingByteSource, registerByteSourceScheme } from "../dist/connectors/bytes/index.js";
import { s3Scheme } from "../dist/connectors/s3/index.js";
import { gcsScheme } from "../dist/connectors/gcs/index.js";
import { BUCKET, countingClient, ensureServices, gcsStorage, gcsTextObject, stopServices, textObject } from "./fixtures/services.mjs";

const quick = process.env.SDFKIT_BENCH_QUICK === "1" || process.argv.includes("--quick");
const SIZE = quick ? 64 << 20 : 256 << 20;
const startedServices = ensureServices();

/** Counts the lines of a stream of chunks the way a careful user does: indexOf, one string per line. */
async function countLines(chunks) {
  let carry = Buffer.alloc(0);
  let lines = 0;
  for await (const chunk of chunks) {
    const buffer = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    let i = 0;
    for (let j = buffer.indexOf(10, i); j >= 0; j = buffer.indexOf(10, i)) {
      if (typeof buffer.toString("utf8", i, j) === "string") lines++;
      i = j + 1;
    }
    carry = Buffer.from(buffer.subarray(i));
  }
  if (carry.length > 0) lines++;
  return lines;
}

/** TextFileSource on 4 workers over `uri`, through `scheme` wrapped to count bytes read. */
async function splitReadOf(scheme, uri, size) {
  let bytesRead = 0;
  const counted = [];
  registerByteSourceScheme({
    ...scheme,
    open: async (u, version) => {
      const source = countingByteSource(await scheme.open(u, version));
      counted.push(source);
      return source;
    },
  });
  const runner = new LocalRunner({ parallelism: 4 });
  const start = performance.now();
  let lines = 0;
  for await (const batch of runner.runBatches(new TextFileSource({ desiredSplitSize: size / 8 }), [uri])) {
    for (const line of batch) if (typeof line === "string") lines++;
  }
  const seconds = (performance.now() - start) / 1000;
  for (const source of counted) bytesRead += source.bytesRead;
  return { seconds, lines, bytesRead };
}

async function gcsSplitRead() {
  const { bucket, key, size } = await gcsTextObject(SIZE);
  const { seconds, lines, bytesRead } = await splitReadOf(gcsScheme({ endpoint: process.env.GCS_ENDPOINT }), `gs://${bucket}/${key}`, size);
  return { value: size / 2 ** 20 / seconds, counters: { lines, bytesReadPerObjectByte: bytesRead / size } };
}

/** What a user writes with @google-cloud/storage: one createReadStream, lines split by hand. */
async function gcsOneStream() {
  const { bucket, key, size } = await gcsTextObject(SIZE);
  const start = performance.now();
  const lines = await countLines(gcsStorage().bucket(bucket).file(key).createReadStream({ validation: false }));
  return { value: size / 2 ** 20 / ((performance.now() - start) / 1000), counters: { lines } };
}

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
  const lines = await countLines(response.Body);
  const seconds = (performance.now() - start) / 1000;
  client.destroy();
  return { value: size / 2 ** 20 / seconds, counters: { lines, requests: counters.requests } };
}

export const cases = [
  {
    name: "s3.split_vs_single_get",
    target: { of: "ratio", atLeast: 1.5 },
    unit: "MiB/s",
    note: `TextFileSource on LocalRunner (4 workers, 8 splits, 8 MiB ranged GETs pinned by If-Match) reading a ${SIZE >> 20} MiB text object from the local MinIO, vs one GetObject stream split into lines by hand; both build one string per line`,
    ours: splitRead,
    baseline: { name: "one GetObject stream + indexOf", run: oneStream },
  },
  {
    name: "gcs.split_vs_single_read",
    unit: "MiB/s",
    note: `the same on the local fake-gcs-server: TextFileSource (4 workers, 8 splits, 16 MiB ranged media reads pinned to the generation) vs one @google-cloud/storage createReadStream split into lines by hand`,
    ours: gcsSplitRead,
    baseline: { name: "one createReadStream + indexOf", run: gcsOneStream },
  },
];

/** Called by run.mjs after this file's cases. */
export function cleanup() {
  if (startedServices) stopServices();
}
