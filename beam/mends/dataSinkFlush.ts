import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

interface ProtoWriter {
  readonly len: number;
  finish(): Uint8Array;
}
interface DataSink {
  buffer: ProtoWriter;
  coder: { encode(value: unknown, writer: ProtoWriter, context: unknown): void };
  channel: { sendData(data: Uint8Array): Promise<void> };
  process(value: unknown): Promise<void> | null;
  flush(): Promise<void>;
}
interface OperatorsModule {
  NonPromise: null;
  createOperator(transformId: string, context: unknown): unknown;
}

/** The bytes a data sink collects before it sends them (apache-beam's own threshold). */
const FLUSH_BYTES = 1_000_000;

/** Beam's `DataSinkOperator` is not exported: build one from a probe transform and take its prototype. */
function dataSinkPrototype(): DataSink {
  const operators = require("apache-beam/worker/operators") as OperatorsModule;
  const { RemoteGrpcPort } = require("apache-beam/proto/beam_fn_api") as { RemoteGrpcPort: { toBinary(port: object): Uint8Array; create(port: object): object } };
  const payload = RemoteGrpcPort.toBinary(RemoteGrpcPort.create({ apiServiceDescriptor: { url: "sdfkit-probe" }, coderId: "sdfkit-probe" }));
  const context = {
    descriptor: { transforms: { probe: { spec: { urn: "beam:runner:sink:v1", payload }, outputs: {} } } },
    getReceiver: () => undefined,
    getDataChannel: () => ({}),
    getBundleId: () => "",
    pipelineContext: { getCoder: () => ({}) },
  };
  return Object.getPrototypeOf(operators.createOperator("probe", context)) as DataSink;
}

/**
 * **apache-beam 2.49.0 defect: a bundle's output over 1 MB is sent again and again.** The
 * worker's data sink flushes its buffer once it holds 1 MB, but it replaces the buffer only after
 * awaiting the send, and protobufjs' `finish()` does not empty a writer: every element encoded
 * meanwhile (producers do not await the sink) triggers another flush of the whole, still growing
 * buffer. A stage that outputs 1.4 MB (100,000 short strings before a `groupBy`) sent gigabytes,
 * the worker spun at full CPU, and Prism grew to 22 GB until the kernel killed it; smaller
 * overruns arrive as duplicates downstream.
 *
 * The mend takes the buffer's bytes and starts a new buffer before sending, so each byte is sent
 * once.
 */
export function mendDataSinkFlush(): void {
  const operators = require("apache-beam/worker/operators") as OperatorsModule;
  const { Context } = require("apache-beam/coders/coders") as { Context: { needsDelimiters: unknown } };
  const sink = dataSinkPrototype();
  sink.process = function process(this: DataSink, value: unknown): Promise<void> | null {
    this.coder.encode(value, this.buffer, Context.needsDelimiters);
    return this.buffer.len > FLUSH_BYTES ? this.flush() : operators.NonPromise;
  };
  sink.flush = function flush(this: DataSink): Promise<void> {
    if (this.buffer.len === 0) return Promise.resolve();
    const bytes = this.buffer.finish();
    this.buffer = new (this.buffer.constructor as new () => ProtoWriter)();
    return this.channel.sendData(bytes);
  };
}
