import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Storage } from "@google-cloud/storage";
import { afterEach, describe, expect, it } from "vitest";
import { fetchGcsRange } from "../../../connectors/gcs/gcsMediaRange.js";
import { ObjectByteSource } from "../../../connectors/objects/ObjectByteSource.js";
import { retryPolicyOf } from "../../../connectors/objects/RetryPolicy.js";
import { ByteSourceClosedError } from "../../../src/errors/ByteSourceClosedError.js";
import { InputAccessError } from "../../../src/errors/InputAccessError.js";
import type { SdfError } from "../../../src/errors/SdfError.js";
import { SourceChangedError } from "../../../src/errors/SourceChangedError.js";
import { TransientIoError } from "../../../src/errors/TransientIoError.js";

/** An object of `size` zero bytes, served from memory. */
class MemoryObject extends ObjectByteSource {
  fetches = 0;

  constructor(size: number) {
    super("mem", { bucket: "b", key: "k" }, size, "v1", { rangeSize: 4, listPageSize: 1000, retry: retryPolicyOf({ baseDelayMs: 0 }) });
  }

  protected fetchRange(from: number, to: number): Promise<AsyncIterable<Uint8Array>> {
    this.fetches++;
    return Promise.resolve(
      (async function* () {
        yield new Uint8Array(to - from);
      })(),
    );
  }

  protected classifyReadError(error: unknown): SdfError {
    throw new Error(`unexpected ${String(error)}`);
  }
}

describe("ObjectByteSource", () => {
  it("closed_while_reading: the next range fails with a ByteSourceClosedError naming the offset, without a request", async () => {
    const object = new MemoryObject(10);
    const error = await (async () => {
      for await (const _ of object.read(0, 10, 4)) await object.close();
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ByteSourceClosedError);
    expect((error as SdfError).retriable).toBe(false);
    expect((error as Error).message).toBe("Cannot read mem://b/k at byte offset 4: the byte source was closed");
    expect(object.fetches).toBe(1);
  });
});

describe("fetchGcsRange error answers", () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  /** A media endpoint that answers every request with `status` and `body`. */
  async function storageAnswering(status: number, body: string): Promise<Storage> {
    const server = createServer((_, response) => {
      response.writeHead(status, { "content-type": "text/plain", connection: "close" });
      response.end(body);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return { baseUrl: `http://127.0.0.1:${port}/storage/v1`, customEndpoint: true, useAuthWithCustomEndpoint: false } as unknown as Storage;
  }

  // Check: the answer is typed where it is received, with the URI and offset, as gcsError types the SDK's.
  it.each([
    [503, TransientIoError, `Cannot read gs://b/o at byte offset 5: GcsHttpError HTTP 503 "HTTP 503 Service Unavailable: busy"`],
    [404, SourceChangedError, "gs://b/o was overwritten or deleted while being read at byte offset 5 (the generation opened is gone); re-run to read the new version"],
    [403, InputAccessError, "Cannot read gs://b/o: access denied (HTTP 403); check that the credentials in use have storage.objects.get on the object"],
  ] as const)("HTTP %d → %o", async (status, type, message) => {
    const storage = await storageAnswering(status, "busy");
    const error = await fetchGcsRange(storage, "b", "o", "1", 5, 10, new AbortController().signal).catch((e: unknown) => e);
    expect((error as Error).constructor).toBe(type);
    expect((error as Error).message).toBe(message);
    expect((error as SdfError).context).toEqual({ input: "gs://b/o", position: "5" });
  });
});
