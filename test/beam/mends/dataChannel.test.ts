// The worker's data path, mended: a bundle's input reaches its operator whole and in order, and
// its output is sent once. Both failed on apache-beam 2.49.0 at sizes users have.
import "apache-beam";
import { createRequire } from "node:module";
import { setTimeout as sleep } from "node:timers/promises";
import { Context } from "apache-beam/coders/coders";
import { GeneralObjectCoder } from "apache-beam/coders/js_coders";
import { RemoteGrpcPort } from "apache-beam/proto/beam_fn_api";
import { describe, expect, it, vi } from "vitest";
import { applyBeamMends } from "../../../beam/index.js";

const require = createRequire(import.meta.url);
applyBeamMends();

interface Consumer {
  sendData(data: Uint8Array): Promise<void>;
  sendTimers(family: string, timers: Uint8Array): Promise<void>;
  close(): void;
  onError(error: unknown): void;
}
interface Channel {
  dataChannel: { emit(event: "data", message: unknown): boolean };
  registerConsumer(bundle: string, transform: string, consumer: Consumer): Promise<void>;
  close(): void;
}

/** A consumer that takes a random few milliseconds per chunk, as an operator awaiting its DoFns does. */
function slowConsumer(): { consumer: Consumer; chunks: number[]; closedAfter: number[] } {
  const chunks: number[] = [];
  const closedAfter: number[] = [];
  return {
    chunks,
    closedAfter,
    consumer: {
      async sendData(data) {
        await sleep(Math.floor(Math.random() * 4));
        if (data.length > 0) chunks.push(data[0]!);
      },
      sendTimers: () => Promise.resolve(),
      close: () => void closedAfter.push(chunks.length),
      onError: (error) => {
        throw error;
      },
    },
  };
}

function message(instructionId: string, chunk: number, isLast = false): unknown {
  return { data: [{ instructionId, transformId: "read", data: new Uint8Array([chunk]), isLast: false }, ...(isLast ? [{ instructionId, transformId: "read", data: new Uint8Array(), isLast: true }] : [])], timers: [] };
}

async function newChannel(): Promise<Channel> {
  const { MultiplexingDataChannel } = require("apache-beam/worker/data") as { MultiplexingDataChannel: new (endpoint: string, worker: string) => Channel };
  vi.spyOn(console, "error").mockImplementation(() => {}); // nothing listens on the endpoint
  return new MultiplexingDataChannel("127.0.0.1:9", "test-worker");
}

describe("apache-beam mends: the data channel", () => {
  it("hands a bundle's chunks to a slow operator in order, and ends the bundle after the last one", async () => {
    const channel = await newChannel();
    const { consumer, chunks, closedAfter } = slowConsumer();
    await channel.registerConsumer("b1", "read", consumer);
    for (let i = 0; i < 100; i++) channel.dataChannel.emit("data", message("b1", i, i === 99));
    await vi.waitFor(() => expect(closedAfter).toHaveLength(1), { timeout: 5_000 });
    expect(chunks).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(closedAfter).toEqual([100]);
    channel.close();
  });

  it("holds chunks that arrive before the operator registers, and hands them over first", async () => {
    const channel = await newChannel();
    for (let i = 0; i < 10; i++) channel.dataChannel.emit("data", message("b2", i));
    const { consumer, chunks, closedAfter } = slowConsumer();
    const registering = channel.registerConsumer("b2", "read", consumer);
    for (let i = 10; i < 20; i++) channel.dataChannel.emit("data", message("b2", i, i === 19));
    await registering;
    await vi.waitFor(() => expect(closedAfter).toHaveLength(1), { timeout: 5_000 });
    expect(chunks).toEqual(Array.from({ length: 20 }, (_, i) => i));
    channel.close();
  });
});

describe("apache-beam mends: the data sink", () => {
  it("sends each output byte once when a bundle outputs more than 1 MB without awaiting the sink", async () => {
    const operators = require("apache-beam/worker/operators") as { createOperator(id: string, context: unknown): { startBundle(): Promise<void>; process(value: unknown): unknown; finishBundle(): Promise<void> } };
    const sent: Uint8Array[] = [];
    const coder = new GeneralObjectCoder();
    const payload = RemoteGrpcPort.toBinary(RemoteGrpcPort.create({ apiServiceDescriptor: { url: "test" }, coderId: "c" }));
    const sink = operators.createOperator("sink", {
      descriptor: { transforms: { sink: { spec: { urn: "beam:runner:sink:v1", payload }, outputs: {} } } },
      getReceiver: () => undefined,
      getBundleId: () => "b",
      getDataChannel: () => ({ getSendChannel: () => ({ sendData: async (data: Uint8Array) => void sent.push(data), close: () => {} }) }),
      pipelineContext: { getCoder: () => coder },
    });
    await sink.startBundle();
    const values = Array.from({ length: 30_000 }, (_, i) => `${i}:`.padEnd(100, "x"));
    for (const value of values) void sink.process(value); // producers do not await the sink
    await sink.finishBundle();
    const { Reader } = require(require.resolve("protobufjs", { paths: [require.resolve("apache-beam")] })) as { Reader: new (b: Uint8Array) => { pos: number; len: number } };
    const received: unknown[] = [];
    for (const chunk of sent) {
      const reader = new Reader(chunk);
      while (reader.pos < reader.len) received.push(coder.decode(reader as never, Context.needsDelimiters));
    }
    expect(sent.length).toBeGreaterThan(1);
    expect(received).toEqual(values);
  });
});
