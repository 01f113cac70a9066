import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputNotFoundError } from "../../../src/errors/InputNotFoundError.js";
import { SourceChangedError } from "../../../src/errors/SourceChangedError.js";
import { TransientIoError } from "../../../src/errors/TransientIoError.js";
import { LocalRunner } from "../../../src/runner/LocalRunner.js";
import type { ByteSource, ByteSourceScheme } from "../../../connectors/bytes/ByteSource.js";
import { registerByteSourceScheme } from "../../../connectors/bytes/registry.js";
import { TextFileSource } from "../../../connectors/files/TextFileSource.js";
import { checkSourceConformance } from "../../../testkit/index.js";
import { expectConformance } from "../../../testkit/vitest.js";
import { FaultProxy } from "./FaultProxy.js";

/** Options every object-store scheme under test accepts (a subset of `S3Options`/`GcsOptions`). */
export interface SchemeOptions {
  readonly endpoint?: string;
  readonly rangeSize?: number;
  readonly listPageSize?: number;
  readonly retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number; idleTimeoutMs?: number };
}

/** How the shared suite drives one object store through its real SDK. */
export interface ObjectStoreUnderTest {
  /** `s3` or `gs`. */
  readonly scheme: string;
  /** The server's endpoint, from `test/services/up.sh`. */
  readonly endpoint: string;
  /** Creates a new, empty bucket and returns its name. */
  createBucket(): Promise<string>;
  /** Writes (or overwrites) an object. */
  put(bucket: string, key: string, body: Uint8Array | string): Promise<void>;
  /** Deletes an object. */
  remove(bucket: string, key: string): Promise<void>;
  /** A fresh scheme with its own client. */
  newScheme(options: SchemeOptions): ByteSourceScheme;
}

/** Deterministic bytes with no short period, so a misplaced range shows. */
function patternBytes(size: number, salt: number): Buffer {
  const bytes = Buffer.allocUnsafe(size);
  let state = (salt * 2654435761) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

async function readAll(source: ByteSource, start: number, end: number, chunkSize?: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source.read(start, end, chunkSize)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure, got success");
}

/**
 * The behaviour every object-store byte source must have, against its real server: exact ranged
 * reads, listing, version pinning, resumed retries through a faulty proxy, typed errors, and
 * lossless split reads by the runner.
 */
export function objectStoreSuite(store: ObjectStoreUnderTest): void {
  const uri = (bucket: string, key: string): string => `${store.scheme}://${bucket}/${key}`;
  let bucket: string;
  const fast = { baseDelayMs: 5, maxDelayMs: 20 };

  beforeAll(async () => {
    bucket = await store.createBucket();
  });

  describe("ranged reads", () => {
    const data = patternBytes(700_001, 1);
    beforeAll(() => store.put(bucket, "ranged/data.bin", data));

    it("reads any [start, end) exactly, across many ranged requests and chunk sizes", async () => {
      const scheme = store.newScheme({ rangeSize: 64 * 1024 });
      const source = await scheme.open(uri(bucket, "ranged/data.bin"));
      expect(source.size).toBe(data.length);
      expect(source.uri).toBe(uri(bucket, "ranged/data.bin"));
      for (const [start, end, chunk] of [[0, data.length, 100_000], [1, 65_537, 1000], [65_536, 65_537, 7], [123_457, 654_321, 1 << 20], [700_000, 700_001, 3]] as const) {
        const bytes = await readAll(source, start, end, chunk);
        expect(bytes.equals(data.subarray(start, end)), `[${start}, ${end}) chunk ${chunk}`).toBe(true);
      }
      expect(await readAll(source, 5, 5)).toHaveLength(0);
      await source.close();
    });

    it("yields chunks of the asked size, only the last one shorter", async () => {
      const source = await store.newScheme({ rangeSize: 100_000 }).open(uri(bucket, "ranged/data.bin"));
      const sizes: number[] = [];
      for await (const chunk of source.read(10, 250_010, 60_000)) sizes.push(chunk.byteLength);
      expect(sizes).toEqual([60_000, 60_000, 60_000, 60_000, 10_000]);
    });

    it("rejects a range outside the object before any request", async () => {
      const source = await store.newScheme({}).open(uri(bucket, "ranged/data.bin"));
      expect(() => source.read(0, data.length + 1)).toThrow(/0 <= start <= end <= 700001/);
      expect(() => source.read(10, 5)).toThrow(/got \[10, 5\)/);
    });

    it("a version from a checkpoint pins the open: another version is a SourceChangedError", async () => {
      const scheme = store.newScheme({});
      const first = await scheme.open(uri(bucket, "ranged/data.bin"));
      await expect(scheme.open(uri(bucket, "ranged/data.bin"), first.version)).resolves.toMatchObject({ version: first.version });
      const error = await failureOf(scheme.open(uri(bucket, "ranged/data.bin"), "not-the-version"));
      expect(error).toBeInstanceOf(SourceChangedError);
      expect(String(error)).toContain(uri(bucket, "ranged/data.bin"));
    });
  });

  describe("listing", () => {
    const keys = ["logs/2026-01/part-1.txt", "logs/2026-01/part-2.txt", "logs/2026-02/part-1.txt", "logs/2026-02/notes.md", "logs/2025-12/part-1.txt", "logs/top.txt", "other/x.txt"];
    beforeAll(async () => {
      await Promise.all(keys.map((key) => store.put(bucket, key, `${key}\n`)));
      await store.put(bucket, "logs/folder-marker/", "");
    });

    it("expands a glob by listing its literal prefix, over many pages", async () => {
      const scheme = store.newScheme({ listPageSize: 2 });
      expect(await scheme.expand(uri(bucket, "logs/2026-*/part-*.txt"))).toEqual([
        uri(bucket, "logs/2026-01/part-1.txt"),
        uri(bucket, "logs/2026-01/part-2.txt"),
        uri(bucket, "logs/2026-02/part-1.txt"),
      ]);
      expect(await scheme.expand(uri(bucket, "logs/**/*.md"))).toEqual([uri(bucket, "logs/2026-02/notes.md")]);
      expect(await scheme.expand(uri(bucket, "logs/*.txt"))).toEqual([uri(bucket, "logs/top.txt")]);
      expect(await scheme.expand(uri(bucket, "nothing-*"))).toEqual([]);
    });

    it("expands a prefix (with or without the slash) to every object under it, without folder markers", async () => {
      const scheme = store.newScheme({ listPageSize: 3 });
      const underLogs = keys.filter((key) => key.startsWith("logs/")).sort().map((key) => uri(bucket, key));
      expect(await scheme.expand(uri(bucket, "logs/"))).toEqual(underLogs);
      expect(await scheme.expand(uri(bucket, "logs"))).toEqual(underLogs);
    });

    it("expands an existing object to itself", async () => {
      expect(await store.newScheme({}).expand(uri(bucket, "other/x.txt"))).toEqual([uri(bucket, "other/x.txt")]);
    });

    it("a pattern in a missing bucket is an InputNotFoundError naming the bucket", async () => {
      const error = await failureOf(store.newScheme({}).expand(`${store.scheme}://sdfkit-no-such-bucket/a*`));
      expect(error).toBeInstanceOf(InputNotFoundError);
      expect(String(error)).toMatch(/bucket "sdfkit-no-such-bucket" does not exist/);
    });
  });

  describe("errors", () => {
    it("a missing key is an InputNotFoundError naming the URI", async () => {
      const error = await failureOf(store.newScheme({}).open(uri(bucket, "no/such/key.txt")));
      expect(error).toBeInstanceOf(InputNotFoundError);
      expect(String(error)).toContain(uri(bucket, "no/such/key.txt"));
      expect(String(error)).toMatch(/no object "no\/such\/key.txt" in bucket/);
    });

    it("a missing bucket is an InputNotFoundError that says the bucket is missing", async () => {
      const error = await failureOf(store.newScheme({}).open(`${store.scheme}://sdfkit-no-such-bucket/a.txt`));
      expect(error).toBeInstanceOf(InputNotFoundError);
      expect(String(error)).toMatch(/bucket "sdfkit-no-such-bucket" does not exist/);
    });

    it("a server that cannot be reached fails after the allowed attempts, saying how many", async () => {
      const proxy = await FaultProxy.start(store.endpoint);
      const url = proxy.url;
      await proxy.close();
      const error = await failureOf(store.newScheme({ endpoint: url, retry: { ...fast, maxAttempts: 3 } }).open(uri(bucket, "other/x.txt")));
      expect(error).toBeInstanceOf(TransientIoError);
      expect(String(error)).toMatch(/after 3 attempts/);
    });
  });

  describe("version pinning", () => {
    it("an object overwritten during a read fails with SourceChangedError and never mixes versions", async () => {
      const old = patternBytes(400_000, 2);
      await store.put(bucket, "pinned/a.bin", old);
      const source = await store.newScheme({ rangeSize: 50_000 }).open(uri(bucket, "pinned/a.bin"));
      const received: Uint8Array[] = [];
      const iterator = source.read(0, source.size, 50_000)[Symbol.asyncIterator]();
      const first = await iterator.next();
      if (first.done === true) throw new Error("no first chunk");
      received.push(first.value);
      await store.put(bucket, "pinned/a.bin", patternBytes(400_000, 3));
      const error = await (async () => {
        try {
          for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) received.push(next.value);
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(SourceChangedError);
      expect(String(error)).toContain(uri(bucket, "pinned/a.bin"));
      const bytes = Buffer.concat(received);
      expect(bytes.length).toBeLessThan(old.length);
      expect(bytes.equals(old.subarray(0, bytes.length))).toBe(true);
    });

    it("an object deleted during a read fails with SourceChangedError", async () => {
      await store.put(bucket, "pinned/b.bin", patternBytes(200_000, 4));
      const source = await store.newScheme({ rangeSize: 50_000 }).open(uri(bucket, "pinned/b.bin"));
      const iterator = source.read(0, source.size, 50_000)[Symbol.asyncIterator]();
      await iterator.next();
      await store.remove(bucket, "pinned/b.bin");
      const error = await failureOf((async () => {
        for (let next = await iterator.next(); next.done !== true; next = await iterator.next());
      })());
      expect(error).toBeInstanceOf(SourceChangedError);
      expect(String(error)).toMatch(/deleted/);
    });
  });

  describe("retries through a faulty proxy", () => {
    const data = patternBytes(2_000_000, 5);
    let proxy: FaultProxy;
    beforeAll(async () => {
      await store.put(bucket, "flaky/data.bin", data);
      proxy = await FaultProxy.start(store.endpoint);
    });
    afterAll(() => proxy.close());

    it("resets mid-range are retried from the byte already received, and the bytes are exact", async () => {
      proxy.heal();
      const source = await store.newScheme({ endpoint: proxy.url, rangeSize: 1_000_000, retry: fast }).open(uri(bucket, "flaky/data.bin"));
      proxy.dropConnections();
      const before = proxy.bytesToClients;
      const connectionsBefore = proxy.connections;
      proxy.resetNext(4, 300_000);
      const bytes = await readAll(source, 0, data.length);
      expect(bytes.equals(data)).toBe(true);
      // Each reset connection delivered up to 300 kB that were kept, not fetched again: a read
      // that restarted its ranges would move well over 2 MB plus the 4 × 300 kB lost.
      const moved = proxy.bytesToClients - before;
      expect(moved).toBeLessThan(data.length + 4 * 300_000);
      expect(proxy.connections - connectionsBefore).toBeGreaterThanOrEqual(5);
    });

    it("a stalled stream is abandoned after the idle timeout and retried", async () => {
      proxy.heal();
      const source = await store.newScheme({ endpoint: proxy.url, retry: { ...fast, idleTimeoutMs: 300 } }).open(uri(bucket, "flaky/data.bin"));
      proxy.dropConnections();
      const connectionsBefore = proxy.connections;
      proxy.stallNext(2);
      const bytes = await readAll(source, 1000, 500_000);
      expect(bytes.equals(data.subarray(1000, 500_000))).toBe(true);
      expect(proxy.connections - connectionsBefore).toBeGreaterThanOrEqual(3);
    });

    it("a connection that keeps failing without progress gives up after maxAttempts, saying so", async () => {
      proxy.heal();
      const source = await store.newScheme({ endpoint: proxy.url, retry: { ...fast, maxAttempts: 3 } }).open(uri(bucket, "flaky/data.bin"));
      proxy.dropConnections();
      proxy.resetAll(0);
      const error = await failureOf(readAll(source, 0, data.length));
      proxy.heal();
      expect(error).toBeInstanceOf(TransientIoError);
      expect(String(error)).toMatch(/failed 3 times in a row at byte offset 0/);
      expect(String(error)).toContain(uri(bucket, "flaky/data.bin"));
    });
  });

  describe("text sources over objects", () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i} ${"x".repeat(i % 37)}`);
    beforeAll(async () => {
      await store.put(bucket, "text/a.txt", `${lines.slice(0, 2500).join("\n")}\n`);
      await store.put(bucket, "text/b.txt", lines.slice(2500).join("\r\n"));
      await store.put(bucket, "text/small.txt", `${lines.slice(0, 300).join("\n")}\n`);
      registerByteSourceScheme(store.newScheme({ rangeSize: 16 * 1024 }));
    });

    it("TextFileSource reads a glob of objects split into many ranges, on 4 workers, losing and duplicating nothing", async () => {
      const runner = new LocalRunner({ parallelism: 4 });
      const read = await runner.collect(new TextFileSource({ desiredSplitSize: 8 * 1024, chunkSize: 4096 }), [uri(bucket, "text/[ab].txt")]);
      expect([...read].sort()).toEqual([...lines].sort());
    });

    it("passes checkSourceConformance over objects (random splits, checkpoints and resumes)", async () => {
      const report = await checkSourceConformance({
        sdf: () => new TextFileSource({ desiredSplitSize: 2048, chunkSize: 1024 }),
        elements: [uri(bucket, "text/small.txt")],
        expected: lines.slice(0, 300),
        numRuns: 4,
        seed: 6_2026,
      });
      expectConformance(report, `${store.scheme} text`);
      expect(report.runs).toBe(4);
    });
  });
}

/** A bucket name unique to this run: lower case, 3–63 characters. */
export function uniqueBucketName(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString("hex")}`;
}
