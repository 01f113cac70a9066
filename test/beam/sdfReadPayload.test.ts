import { describe, expect, it } from "vitest";
import { decodePayload, encodePayload, payloadFor, sourceOf } from "../../beam/sdfReadPayload.js";
import { TextFileSource } from "../../connectors/files/index.js";
import { KafkaSource } from "../../connectors/kafka/index.js";
import { LogSource, MemoryLog } from "../../connectors/log/index.js";
import { InvalidOptionError } from "../../src/errors/InvalidOptionError.js";

describe("how an sdfRead worker finds its source", () => {
  it("in the pipeline's process: the very instance given to sdfRead", async () => {
    const source = new TextFileSource({ skipHeaderLines: 1 });
    const payload = decodePayload(encodePayload(payloadFor(source, "process")));
    expect(await sourceOf(payload)).toBe(source);
  });

  it("in another process: a new instance loaded from moduleReference(), with the same options", async () => {
    const payload = decodePayload(encodePayload(payloadFor(new TextFileSource({ skipHeaderLines: 2 }), "split")));
    const elsewhere = { ...payload, localId: "not-in-this-process" };
    const loaded = await sourceOf(elsewhere);
    expect(loaded).toBeInstanceOf(TextFileSource);
    expect(loaded.moduleReference?.().options).toEqual({ skipHeaderLines: 2 });
  });

  it("a source with no portable reference works in-process and fails elsewhere with what to implement", async () => {
    const log = new MemoryLog();
    log.createTopic("t", 1);
    const payload = payloadFor(new LogSource({ log }), "process");
    expect(payload.moduleReference).toBeNull();
    await expect(sourceOf({ ...payload, localId: "elsewhere" })).rejects.toThrow(/moduleReference\(\).*url: import\.meta\.url/);
  });

  it("KafkaSource travels with plain options and refuses functions, naming them", () => {
    const plain = new KafkaSource({ brokers: ["127.0.0.1:1"], until: "latest", decodeValue: "json" });
    expect(plain.moduleReference().options).toEqual({ brokers: ["127.0.0.1:1"], until: "latest", decodeValue: "json" });
    const live = new KafkaSource({ brokers: ["127.0.0.1:1"], decodeValue: (bytes: Buffer | null) => String(bytes) });
    expect(() => live.moduleReference()).toThrow(InvalidOptionError);
    expect(() => live.moduleReference()).toThrow(/decodeValue/);
    expect(payloadFor(live, "split").moduleReference).toBeNull();
  });
});
