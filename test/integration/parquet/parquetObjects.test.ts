// ParquetSource over objects in a real S3 server (MinIO) and a GCS emulator (fake-gcs-server):
// globs of multi-row-group objects, projection with bytes counted, schema evolution, a corrupt
// object, and the testkit's schedules over S3 objects.
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Storage } from "@google-cloud/storage";
import type { ColumnSource } from "hyparquet-writer";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ByteSourceScheme } from "../../../connectors/bytes/ByteSource.js";
import { registerByteSourceScheme } from "../../../connectors/bytes/registry.js";
import { gcsScheme } from "../../../connectors/gcs/index.js";
import { ParquetSource } from "../../../connectors/parquet/index.js";
import { s3Scheme } from "../../../connectors/s3/index.js";
import { CorruptInputError } from "../../../src/errors/CorruptInputError.js";
import { LocalRunner } from "../../../src/runner/LocalRunner.js";
import { checkSourceConformance } from "../../../testkit/index.js";
import { expectConformance } from "../../../testkit/vitest.js";
import {
  chunkRanges,
  countingScheme,
  expectFailure,
  footerBytes,
  metadataOf,
  parquetBytes,
  pseudoRandom,
  randomText,
  rowsOf,
  sortBy,
  standardColumns,
} from "../../connectors/parquet/fixtures.js";
import { uniqueBucketName } from "../support/objectStoreSuite.js";

type Row = Record<string, unknown>;
const SEED = 868_686;
const SLACK = 64 * 1024;

const s3Endpoint = process.env["S3_ENDPOINT"] ?? "";
const gcsEndpoint = process.env["GCS_ENDPOINT"] ?? "";

/** One object store: how to make a bucket, put an object, and build its default scheme. */
interface Store {
  readonly name: string;
  readonly scheme: string;
  readonly endpoint: string;
  createBucket(): Promise<string>;
  put(bucket: string, key: string, body: Uint8Array | string): Promise<void>;
  newScheme(): ByteSourceScheme;
}

const s3Admin = new S3Client({ endpoint: s3Endpoint, forcePathStyle: true, region: process.env["AWS_REGION"] ?? "us-east-1" });
const gcsAdmin = new Storage({ apiEndpoint: gcsEndpoint, projectId: "sdfkit-test" });

const stores: Store[] = [
  {
    name: "S3 (MinIO)",
    scheme: "s3",
    endpoint: s3Endpoint,
    async createBucket() {
      const bucket = uniqueBucketName("sdfkit-pq-s3");
      await s3Admin.send(new CreateBucketCommand({ Bucket: bucket }));
      return bucket;
    },
    async put(bucket, key, body) {
      await s3Admin.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    newScheme: () => s3Scheme(),
  },
  {
    name: "GCS (fake-gcs-server)",
    scheme: "gs",
    endpoint: gcsEndpoint,
    async createBucket() {
      const bucket = uniqueBucketName("sdfkit-pq-gcs");
      await gcsAdmin.createBucket(bucket);
      return bucket;
    },
    async put(bucket, key, body) {
      await gcsAdmin.bucket(bucket).file(key).save(typeof body === "string" ? body : Buffer.from(body), { resumable: false, validation: false });
    },
    newScheme: () => gcsScheme(),
  },
];

/** Three multi-row-group parts under `dir/`, and what they hold. */
const parts: { key: string; columns: ColumnSource[]; rowGroupSize: number }[] = [
  { key: "dir/part-0.parquet", columns: standardColumns(300, 0), rowGroupSize: 40 },
  { key: "dir/part-1.parquet", columns: standardColumns(75, 1000), rowGroupSize: 10 },
  { key: "dir/part-2.parquet", columns: standardColumns(210, 2000), rowGroupSize: 70 },
];
const partRows = parts.flatMap((p) => rowsOf(p.columns));

// A wide object: a small id column beside 1000-character random strings (about 1 MB).
const next = pseudoRandom(4242);
const wideColumns: ColumnSource[] = [
  { name: "id", data: Array.from({ length: 800 }, (_, i) => i), type: "INT32", nullable: false },
  { name: "blob", data: Array.from({ length: 800 }, () => randomText(next, 1000)), type: "STRING" },
];
const wide = parquetBytes(wideColumns, { rowGroupSize: 100 });
const wideMetadata = metadataOf(wide);
const wideIdBytes = chunkRanges(wideMetadata)
  .filter((c) => c.column === "id")
  .reduce((sum, c) => sum + (c.end - c.start), 0);

// Schema evolution: a column added in the newer object, and INT32 widened to INT64.
const oldIds = Array.from({ length: 40 }, (_, i) => i);
const newIds = Array.from({ length: 30 }, (_, i) => 100 + i);
const evolvedOld: ColumnSource[] = [
  { name: "id", data: oldIds, type: "INT32", nullable: false },
  { name: "v", data: oldIds.map((i) => i * 2), type: "INT32" },
];
const evolvedNew: ColumnSource[] = [
  { name: "id", data: newIds, type: "INT32", nullable: false },
  { name: "v", data: newIds.map((i) => BigInt(i) * 10_000_000_000n), type: "INT64" },
  { name: "added", data: newIds.map((i) => `added-${i}`), type: "STRING" },
];

for (const store of stores) {
  describe(`ParquetSource over ${store.name}`, () => {
    let bucket = "";
    const uri = (key: string): string => `${store.scheme}://${bucket}/${key}`;

    beforeAll(async () => {
      bucket = await store.createBucket();
      await Promise.all([
        ...parts.map((p) => store.put(bucket, p.key, parquetBytes(p.columns, { rowGroupSize: p.rowGroupSize }))),
        store.put(bucket, "dir/readme.txt", "not parquet, not matched by the glob\n"),
        store.put(bucket, "elsewhere/part-9.parquet", parquetBytes(standardColumns(5, 9000))),
        store.put(bucket, "wide/wide.parquet", wide),
        store.put(bucket, "evo/1-old.parquet", parquetBytes(evolvedOld, { rowGroupSize: 15 })),
        store.put(bucket, "evo/2-new.parquet", parquetBytes(evolvedNew, { rowGroupSize: 12 })),
        store.put(bucket, "bad/broken.parquet", "id,name\n1,a\n"),
        store.put(bucket, "bad/truncated.parquet", parquetBytes(standardColumns(50)).subarray(0, 300)),
      ]);
    });

    afterEach(() => {
      registerByteSourceScheme(store.newScheme());
    });

    it("runs against the server that test/services/up.sh started", () => {
      expect(store.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    });

    it(`reads ${store.scheme}://bucket/dir/*.parquet at parallelism 3: every row of the three parts once`, async () => {
      for (const desiredSplitSize of [undefined, 1500]) {
        const source = new ParquetSource(desiredSplitSize === undefined ? {} : { desiredSplitSize });
        const got = (await new LocalRunner({ parallelism: 3 }).collect(source, [uri("dir/*.parquet")])) as Row[];
        expect(got, `desiredSplitSize ${desiredSplitSize ?? "default"}`).toHaveLength(partRows.length);
        expect(sortBy(got, "id"), `desiredSplitSize ${desiredSplitSize ?? "default"}`).toEqual(partRows);
      }
    });

    it('columns: ["id"] fetches the footer and the id chunks only, counted through the registered scheme', async () => {
      const { scheme, counter } = countingScheme(store.newScheme());
      registerByteSourceScheme(scheme);
      const got = (await new LocalRunner({ parallelism: 1, dynamicSplitting: false }).collect(new ParquetSource({ columns: ["id"] }), [uri("wide/wide.parquet")])) as Row[];
      expect(sortBy(got, "id")).toEqual(rowsOf(wideColumns, ["id"]));
      expect(counter.opened.length).toBeGreaterThan(0);
      const fetched = counter.bytesRead();
      expect(fetched, `fetched ${fetched} of ${wide.length} bytes`).toBeLessThanOrEqual(footerBytes(wideMetadata) + wideIdBytes + SLACK);
      expect(fetched).toBeLessThan(wide.length / 5);
      // And the full read fetches about the object's size.
      counter.reset();
      const all = (await new LocalRunner({ parallelism: 1, dynamicSplitting: false }).collect(new ParquetSource(), [uri("wide/wide.parquet")])) as Row[];
      expect(all).toHaveLength(800);
      expect(counter.bytesRead()).toBeGreaterThan(wide.length * 0.9);
      expect(counter.bytesRead()).toBeLessThanOrEqual(wide.length + footerBytes(wideMetadata) + SLACK);
    });

    it("objects with evolved schemas read as one table: added column null for older rows, INT32 widened to INT64", async () => {
      const got = sortBy((await new LocalRunner({ parallelism: 3 }).collect(new ParquetSource({ desiredSplitSize: 1 }), [uri("evo/*.parquet")])) as Row[], "id");
      expect(got).toEqual([
        ...oldIds.map((i) => ({ id: i, v: BigInt(i * 2), added: null })),
        ...newIds.map((i) => ({ id: i, v: BigInt(i) * 10_000_000_000n, added: `added-${i}` })),
      ]);
    });

    it(`a corrupt object is a CorruptInputError naming its ${store.scheme}:// URI`, async () => {
      for (const key of ["bad/broken.parquet", "bad/truncated.parquet"]) {
        await expectFailure(new LocalRunner({ parallelism: 1 }).collect(new ParquetSource(), [uri(key)]), CorruptInputError, uri(key));
      }
    });

    const runs = store.scheme === "s3" ? 50 : 20;
    it(`passes checkSourceConformance over the objects of dir/ (${runs} schedules, seed ${SEED})`, async () => {
      const report = await checkSourceConformance({
        sdf: () => new ParquetSource({ desiredSplitSize: 1500 }),
        elements: [uri("dir/*.parquet")],
        expected: partRows,
        numRuns: runs,
        seed: SEED,
      });
      expectConformance(report, `ParquetSource over ${store.name}`);
      expect(report.runs).toBe(runs);
    });
  });
}
