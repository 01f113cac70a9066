// Fault injection against real object stores (issue #12): MinIO (S3) and fake-gcs-server (GCS),
// started by test/services/up.sh. Each scenario is a real pipeline, a LocalRunner on 4 workers
// reading a multi-megabyte text object split into many pieces, compared line by line (as
// multisets) with what was written. Faults are injected by a real loopback TCP proxy between
// the SDK clients and the servers (test/integration/support/FaultProxy.ts), and every test
// asserts, from the proxy's own counters, that the faults really happened.
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Storage } from "@google-cloud/storage";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SdfError } from "../../src/errors/SdfError.js";
import { SourceChangedError } from "../../src/errors/SourceChangedError.js";
import { WorkItemFailedError } from "../../src/errors/WorkItemFailedError.js";
import { LocalRunner } from "../../src/runner/LocalRunner.js";
import type { ProcessContinuation } from "../../src/sdf/ProcessContinuation.js";
import type { ByteSourceScheme } from "../../connectors/bytes/ByteSource.js";
import { registerByteSourceScheme } from "../../connectors/bytes/registry.js";
import type { FileContext } from "../../connectors/files/FileRecordSource.js";
import { TextFileSource } from "../../connectors/files/TextFileSource.js";
import { gcsScheme } from "../../connectors/gcs/index.js";
import { s3Scheme } from "../../connectors/s3/index.js";
import { FaultProxy, GCS_SERVICE_UNAVAILABLE, S3_SLOW_DOWN, type ProxiedRequest, type StatusAnswer } from "../integration/support/FaultProxy.js";

const S3_ENDPOINT = process.env["S3_ENDPOINT"] ?? "";
const GCS_ENDPOINT = process.env["GCS_ENDPOINT"] ?? "";

/** Small pieces and small requests, so faults and the overwrite land in the middle of reads. */
const SPLIT = 256 * 1024;
const CHUNK = 32 * 1024;
const RANGE = 96 * 1024;
/** Patient retries: a fault per request is likely here, so several in a row at one offset happen. */
const RETRY = { maxAttempts: 30, baseDelayMs: 2, maxDelayMs: 40 };

/** `count` distinct lines of varying length (~4 MB for 60 000), each tagged with `version`. */
function textLines(version: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${version} line ${String(i).padStart(6, "0")} ${"abcdefghij".repeat(2 + (i % 9))}`);
}

/** Lost and duplicated lines of `actual` against `expected`, as multisets; `unexpected` = lines never written. */
function compareLines(expected: readonly string[], actual: readonly string[]): { lost: number; duplicated: number; unexpected: number } {
  const counts = new Map<string, number>();
  for (const line of expected) counts.set(line, (counts.get(line) ?? 0) + 1);
  let duplicated = 0;
  let unexpected = 0;
  for (const line of actual) {
    const left = counts.get(line);
    if (left === undefined) unexpected++;
    else if (left === 0) duplicated++;
    else counts.set(line, left - 1);
  }
  let lost = 0;
  for (const left of counts.values()) lost += left;
  return { lost, duplicated, unexpected };
}

/** `error` and its causes, outermost first. */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current: unknown = error; current !== undefined && current !== null && chain.length < 10; ) {
    chain.push(current);
    current = current instanceof Error ? current.cause : undefined;
  }
  return chain;
}

/** How one object store is driven: the admin client writes, a scheme reads through an endpoint. */
interface Store {
  readonly name: string;
  readonly scheme: "s3" | "gs";
  readonly endpoint: string;
  readonly answer: StatusAnswer;
  createBucket(): Promise<string>;
  put(bucket: string, key: string, body: string): Promise<void>;
  /** A scheme reading through `endpoint` in requests of `rangeSize` bytes, with the SDK's own retries off (asserted). */
  newScheme(endpoint: string, rangeSize?: number): Promise<ByteSourceScheme>;
}

const s3Admin = new S3Client({ endpoint: S3_ENDPOINT, forcePathStyle: true, region: process.env["AWS_REGION"] ?? "us-east-1" });
const gcsAdmin = new Storage({ apiEndpoint: GCS_ENDPOINT, projectId: "sdfkit-test" });

const s3Store: Store = {
  name: "S3 (MinIO)",
  scheme: "s3",
  endpoint: S3_ENDPOINT,
  answer: S3_SLOW_DOWN,
  async createBucket() {
    const bucket = `sdfkit-faults-${randomBytes(5).toString("hex")}`;
    await s3Admin.send(new CreateBucketCommand({ Bucket: bucket }));
    return bucket;
  },
  async put(bucket, key, body) {
    await s3Admin.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  },
  async newScheme(endpoint, rangeSize = RANGE) {
    const scheme = s3Scheme({ endpoint, rangeSize, retry: RETRY });
    // The SDK makes one attempt per request: every retry seen at the proxy is sdfkit's own.
    expect(await scheme.client().config.maxAttempts()).toBe(1);
    return scheme;
  },
};

const gcsStore: Store = {
  name: "GCS (fake-gcs-server)",
  scheme: "gs",
  endpoint: GCS_ENDPOINT,
  answer: GCS_SERVICE_UNAVAILABLE,
  async createBucket() {
    const bucket = `sdfkit-faults-${randomBytes(5).toString("hex")}`;
    await gcsAdmin.createBucket(bucket);
    return bucket;
  },
  async put(bucket, key, body) {
    await gcsAdmin.bucket(bucket).file(key).save(body, { resumable: false, validation: false });
  },
  newScheme(endpoint, rangeSize = RANGE) {
    const scheme = gcsScheme({ endpoint, rangeSize, retry: RETRY });
    // The SDK does not retry (its media reads are not even made by the SDK: see gcsMediaRange.ts).
    expect(scheme.client().retryOptions.autoRetry).toBe(false);
    return Promise.resolve(scheme);
  },
};

/** Ranged GETs (media downloads for GCS) of `key`. */
function rangedReadsOf(requests: readonly ProxiedRequest[], key: string): ProxiedRequest[] {
  const encoded = encodeURIComponent(key);
  return requests.filter((r) => r.method === "GET" && r.range !== undefined && (r.target.includes(`/${key}`) || r.target.includes(`/${encoded}`)));
}

/**
 * What followed each reset in the middle of a ranged body. `resumed`: a later ranged read of the
 * object starts past the reset read's start and no later than the bytes the proxy had delivered
 * (a restarted range would start where it did); `exact` of them start exactly there (the others
 * start earlier: bytes in flight when the RST came are lost with the connection). `unneeded`: no
 * later read in that window at all — the piece had already read past its end (read-ahead).
 */
function resumeEvidence(reads: readonly ProxiedRequest[]): { midBodyResets: number; resumed: number; exact: number; unneeded: number } {
  let midBodyResets = 0;
  let resumed = 0;
  let exact = 0;
  let unneeded = 0;
  reads.forEach((read, index) => {
    if (read.outcome !== "reset" || read.range === undefined || read.bodyBytes === 0) return;
    midBodyResets++;
    const { start } = read.range;
    const reached = start + read.bodyBytes;
    const later = reads.slice(index + 1).filter((r) => r.range !== undefined && r.range.start >= start && r.range.start <= reached);
    const resumedAt = later.find((r) => r.range !== undefined && r.range.start > start);
    if (resumedAt !== undefined) {
      resumed++;
      if (resumedAt.range?.start === reached) exact++;
    } else if (later.length === 0) {
      unneeded++;
    }
  });
  return { midBodyResets, resumed, exact, unneeded };
}

function transientFaultScenario(store: Store, label: string, seed: number): void {
  it(`${label}: ${store.name} connection resets and 503s mid-read: the pipeline resumes ranged reads, nothing lost or doubled`, async () => {
    const bucket = await store.createBucket();
    const key = "faults/transient.txt";
    const lines = textLines("v1", 60_000);
    const text = `${lines.join("\n")}\n`;
    await store.put(bucket, key, text);
    const objectBytes = Buffer.byteLength(text);

    const proxy = await FaultProxy.start(store.endpoint);
    const read = (): Promise<string[]> =>
      new LocalRunner({ parallelism: 4 }).collect(new TextFileSource({ desiredSplitSize: SPLIT, chunkSize: CHUNK }), [`${store.scheme}://${bucket}/${key}`]);
    try {
      registerByteSourceScheme(await store.newScheme(proxy.url));
      // A clean pass through the same proxy first: what the pipeline moves without faults.
      let started = performance.now();
      const clean = await read();
      const cleanMs = Math.round(performance.now() - started);
      const cleanBytes = rangedReadsOf(proxy.requests, key).reduce((sum, r) => sum + r.bodyBytes, 0);
      const cleanRequests = proxy.requests.length;
      expect(compareLines(lines, clean)).toEqual({ lost: 0, duplicated: 0, unexpected: 0 });
      expect(proxy.injected).toEqual({ resets: 0, stalls: 0, statuses: 0 });

      proxy.dropConnections();
      proxy.chaos({ seed, resetProbability: 0.2, statusProbability: 0.12, maxResetAfterBytes: RANGE + 2048, answer: store.answer });
      started = performance.now();
      const output = await read();
      const elapsedMs = Math.round(performance.now() - started);
      proxy.heal();

      const { lost, duplicated, unexpected } = compareLines(lines, output);
      const requests = proxy.requests.slice(cleanRequests);
      const reads = rangedReadsOf(requests, key);
      const bodyBytes = reads.reduce((sum, r) => sum + r.bodyBytes, 0);
      const evidence = resumeEvidence(reads);
      const statusOnReads = reads.filter((r) => r.outcome === "status").length;
      const { resets, statuses } = proxy.injected;
      console.log(
        `[faults] ${label} ${store.name} resets+${store.answer.status}s: records ${output.length}/${lines.length}, lost ${lost}, duplicated ${duplicated}, ` +
          `faults injected ${resets + statuses} (resets ${resets}, ${evidence.midBodyResets} mid-body: ${evidence.resumed} resumed past the range start, ` +
          `${evidence.exact} of them at exactly the byte delivered, ${evidence.unneeded} past their piece's end; ${store.answer.status}s ${statuses}, ${statusOnReads} on ranged reads), ` +
          `requests ${requests.length} (clean run ${cleanRequests}), body bytes per object byte ${(bodyBytes / objectBytes).toFixed(2)} (clean run ${(cleanBytes / objectBytes).toFixed(2)}), ` +
          `elapsed ${elapsedMs} ms (clean run ${cleanMs} ms)`,
      );

      expect({ records: output.length, lost, duplicated, unexpected }).toEqual({ records: lines.length, lost: 0, duplicated: 0, unexpected: 0 });
      // The faults really happened, on the reads themselves and not only on metadata calls.
      expect(resets).toBeGreaterThanOrEqual(5);
      expect(statuses).toBeGreaterThanOrEqual(5);
      expect(statusOnReads).toBeGreaterThanOrEqual(1);
      expect(evidence.midBodyResets).toBeGreaterThanOrEqual(3);
      // Reset reads were resumed from the byte reached, not restarted from their range start.
      expect(evidence.resumed).toBeGreaterThanOrEqual(Math.max(3, Math.ceil((evidence.midBodyResets - evidence.unneeded) / 2)));
      expect(evidence.exact).toBeGreaterThanOrEqual(1);
      // Resumed, not refetched: the bytes moved stay close to a clean run's.
      expect(bodyBytes).toBeLessThan(cleanBytes + objectBytes * 0.4);
    } finally {
      await proxy.close();
    }
  });
}

/** One `processElement` call of a {@link RecordingTextSource}: a bundle. */
interface Bundle {
  readonly restriction: string;
  /** Lines it output. */
  lines: number;
  state: "running" | "completed" | "aborted" | "failed";
  error?: unknown;
  /** Its `afterBundleCommit` callback ran. */
  finalized: boolean;
}

/** A TextFileSource that registers a finalization per bundle and records what each bundle did. */
class RecordingTextSource extends TextFileSource {
  readonly bundles: Bundle[] = [];

  override async processElement(ctx: FileContext<string>): Promise<ProcessContinuation | void> {
    const bundle: Bundle = { restriction: String(ctx.tracker.currentRestriction()), lines: 0, state: "running", finalized: false };
    this.bundles.push(bundle);
    ctx.bundleFinalizer.afterBundleCommit(() => {
      bundle.finalized = true;
    });
    const output = (value: string, timestamp?: number): void | Promise<void> => {
      bundle.lines++;
      return ctx.output(value, timestamp);
    };
    try {
      const result = await super.processElement({ ...ctx, output });
      bundle.state = ctx.signal.aborted ? "aborted" : "completed";
      return result;
    } catch (error) {
      bundle.state = "failed";
      bundle.error = error;
      throw error;
    }
  }
}

function overwriteScenario(store: Store, label: string): void {
  it(`${label}: ${store.name} object overwritten during the read: SourceChangedError, no mixed output, no finalization of a failed bundle`, async () => {
    const bucket = await store.createBucket();
    const key = "faults/overwritten.txt";
    const original = textLines("v1", 60_000);
    await store.put(bucket, key, `${original.join("\n")}\n`);
    const replacement = textLines("v2", 60_000);
    // Requests of one read chunk: a piece makes 8 or more, so the overwrite finds pieces mid-read.
    registerByteSourceScheme(await store.newScheme(store.endpoint, CHUNK));
    const uri = `${store.scheme}://${bucket}/${key}`;

    // Control: without the overwrite, every bundle completes and is finalized (the recording works).
    const control = new RecordingTextSource({ desiredSplitSize: SPLIT, chunkSize: CHUNK });
    const controlOutput = await new LocalRunner({ parallelism: 4 }).collect(control, [uri]);
    expect(compareLines(original, controlOutput)).toEqual({ lost: 0, duplicated: 0, unexpected: 0 });
    expect(control.bundles.length).toBeGreaterThanOrEqual(Math.ceil(Buffer.byteLength(original.join("\n")) / SPLIT));
    expect(control.bundles.filter((b) => b.state !== "completed" || !b.finalized)).toEqual([]);

    const source = new RecordingTextSource({ desiredSplitSize: SPLIT, chunkSize: CHUNK });
    const output: string[] = [];
    const overwriteAfter = 6_000;
    let overwrittenAt = -1;
    let failure: unknown;
    const started = performance.now();
    try {
      for await (const line of new LocalRunner({ parallelism: 4 }).run(source, [uri])) {
        output.push(line);
        if (overwrittenAt < 0 && output.length >= overwriteAfter) {
          // The workers wait on output backpressure meanwhile, their reads half done.
          await store.put(bucket, key, `${replacement.join("\n")}\n`);
          overwrittenAt = output.length;
        }
      }
    } catch (error) {
      failure = error;
    }
    const elapsedMs = Math.round(performance.now() - started);

    const chain = causeChain(failure);
    const changed = chain.find((e): e is SourceChangedError => e instanceof SourceChangedError);
    const { duplicated, unexpected } = compareLines(original, output);
    const fromNewVersion = output.filter((line) => line.startsWith("v2 ")).length;
    const failed = source.bundles.filter((b) => b.state === "failed");
    const failedWithOutput = failed.filter((b) => b.lines > 0);
    const completed = source.bundles.filter((b) => b.state === "completed");
    const finalized = source.bundles.filter((b) => b.finalized);
    console.log(
      `[faults] ${label} ${store.name} overwrite: records ${output.length}/${original.length} delivered before the failure (overwritten after ${overwrittenAt}), ` +
        `from the new version ${fromNewVersion}, duplicated ${duplicated}, not in the original ${unexpected}, faults injected 1 (the overwrite), ` +
        `bundles ${source.bundles.length} (completed ${completed.length}, failed ${failed.length} of which ${failedWithOutput.length} after output, ` +
        `aborted ${source.bundles.filter((b) => b.state === "aborted").length}), lines output by failed bundles ${failed.reduce((sum, b) => sum + b.lines, 0)}, ` +
        `finalized ${finalized.filter((b) => b.state === "completed").length} completed and ${finalized.filter((b) => b.state !== "completed").length} failed or aborted bundles, ` +
        `error ${chain.map((e) => (e instanceof Error ? e.name : typeof e)).join(" <- ")}, elapsed ${elapsedMs} ms`,
    );

    // The overwrite happened mid-read and the run failed with SourceChangedError (in its cause chain).
    expect(overwrittenAt).toBeGreaterThan(0);
    expect(failure).toBeInstanceOf(SdfError);
    expect(failure instanceof WorkItemFailedError || failure instanceof SourceChangedError).toBe(true);
    expect(changed, `cause chain: ${chain.map(String).join(" <- ")}`).toBeInstanceOf(SourceChangedError);
    expect(String(changed)).toContain(uri);
    // No mixed output: every line is from the original version, none twice, and not all of them.
    expect({ fromNewVersion, unexpected, duplicated }).toEqual({ fromNewVersion: 0, unexpected: 0, duplicated: 0 });
    expect(output.length).toBeLessThan(original.length);
    // A bundle failed in the middle of its read, after outputting lines; no failed (or aborted)
    // bundle was finalized: only bundles that completed, whose outputs were all taken.
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(failedWithOutput.some((b) => causeChain(b.error).some((e) => e instanceof SourceChangedError))).toBe(true);
    expect(finalized.filter((b) => b.state !== "completed")).toEqual([]);
  });
}

describe("object stores under injected faults (real servers, real pipelines)", () => {
  beforeAll(() => {
    expect(S3_ENDPOINT).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(GCS_ENDPOINT).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
  afterAll(() => {
    s3Admin.destroy();
  });

  transientFaultScenario(s3Store, "3", 1203);
  transientFaultScenario(gcsStore, "4", 1204);
  overwriteScenario(s3Store, "5a");
  overwriteScenario(gcsStore, "5b");
});
