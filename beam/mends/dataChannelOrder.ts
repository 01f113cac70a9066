import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** What apache-beam's data channel hands each (bundle, transform) pair: a consumer of its byte stream. */
interface DataConsumer {
  sendData(data: Uint8Array): Promise<void>;
  sendTimers(timerFamilyId: string, timers: Uint8Array): Promise<void>;
  close(): void;
  onError(error: unknown): void;
  flush?(target: DataConsumer): Promise<void>;
}

/** The parts of one `Elements` message the channel reads. */
interface ElementsMessage {
  readonly data: readonly { instructionId: string; transformId: string; data: Uint8Array; isLast: boolean }[];
  readonly timers: readonly { instructionId: string; transformId: string; timerFamilyId: string; timers: Uint8Array; isLast: boolean }[];
}

interface BeamDataChannel {
  consumers: Map<string, Map<string, DataConsumer>>;
  dataChannel: { on(event: "data", listener: (message: ElementsMessage) => void): void; removeAllListeners(event: "data"): void };
}

type DataChannelClass = new (endpoint: string, workerId: string) => BeamDataChannel;

/** What the mended data channel has seen in this process: the largest message, for tests and operators. */
export const dataChannelStats = {
  /** Bytes of data in the largest `Elements` message received. */
  largestMessageBytes: 0,
  /** `Elements` messages received. */
  messages: 0,
};

/**
 * Delivers one (bundle, transform) stream to its consumer strictly in order: each call waits for
 * the previous one, and after an error the rest of the stream is dropped (the bundle fails).
 */
class OrderedConsumer implements DataConsumer {
  #tail: Promise<void> = Promise.resolve();
  #failed = false;

  constructor(private readonly target: DataConsumer) {}

  sendData(data: Uint8Array): Promise<void> {
    return this.#then(() => this.target.sendData(data));
  }

  sendTimers(timerFamilyId: string, timers: Uint8Array): Promise<void> {
    return this.#then(() => this.target.sendTimers(timerFamilyId, timers));
  }

  close(): void {
    void this.#then(() => this.target.close());
  }

  onError(error: unknown): void {
    if (this.#failed) return;
    this.#failed = true;
    this.target.onError(error);
  }

  #then(step: () => Promise<void> | void): Promise<void> {
    this.#tail = this.#tail.then(async () => {
      if (this.#failed) return;
      try {
        await step();
      } catch (error) {
        this.onError(error);
      }
    });
    return this.#tail;
  }
}

/** Holds a stream that arrived before its consumer registered, then hands it over in order. */
class PendingConsumer implements DataConsumer {
  readonly #calls: ((target: DataConsumer) => unknown)[] = [];
  #target: DataConsumer | null = null;

  sendData(data: Uint8Array): Promise<void> {
    return this.#call((t) => t.sendData(data));
  }

  sendTimers(timerFamilyId: string, timers: Uint8Array): Promise<void> {
    return this.#call((t) => t.sendTimers(timerFamilyId, timers));
  }

  close(): void {
    void this.#call((t) => t.close());
  }

  onError(error: unknown): void {
    void this.#call((t) => t.onError(error));
  }

  flush(target: DataConsumer): Promise<void> {
    this.#target = target;
    for (const call of this.#calls.splice(0)) call(target);
    return Promise.resolve();
  }

  #call(call: (target: DataConsumer) => unknown): Promise<void> {
    if (this.#target !== null) call(this.#target);
    else this.#calls.push(call);
    return Promise.resolve();
  }
}

/**
 * **apache-beam 2.49.0 defect: a bundle's data can be processed out of order, and its end can
 * overtake its elements.** The worker's data channel handles each gRPC `Elements` message in an
 * async listener that Node does not wait for, so a second message's data (and the `is_last`
 * that ends the bundle) is handed to the operator while the first is still being processed; a
 * large grouped iterable or a bundle of several messages then reaches the pipeline truncated
 * (on Prism, groups of 6,000 arrived with 1,507–3,904 elements), and a consumer that registers
 * after its data arrived can lose the data or the end sent while it was registering.
 *
 * The mend replaces the channel class (before Beam's worker module loads, which keeps a reference
 * to it) by one whose listener hands each message's parts, synchronously and in order, to a
 * per-stream {@link OrderedConsumer}; data that arrives early is held and handed over in order.
 */
export function mendDataChannelOrder(): void {
  const dataModule = require("apache-beam/worker/data") as { MultiplexingDataChannel: DataChannelClass };
  const BeamChannel = dataModule.MultiplexingDataChannel;
  class OrderedDataChannel extends BeamChannel {
    constructor(endpoint: string, workerId: string) {
      super(endpoint, workerId);
      this.dataChannel.removeAllListeners("data");
      this.dataChannel.on("data", (message) => {
        const bytes = message.data.reduce((sum, part) => sum + part.data.length, 0);
        dataChannelStats.messages++;
        dataChannelStats.largestMessageBytes = Math.max(dataChannelStats.largestMessageBytes, bytes);
        for (const part of message.data) {
          const consumer = this.#consumer(part.instructionId, part.transformId);
          void consumer.sendData(part.data);
          if (part.isLast) consumer.close();
        }
        for (const part of message.timers) {
          const consumer = this.#consumer(part.instructionId, part.transformId);
          void consumer.sendTimers(part.timerFamilyId, part.timers);
          if (part.isLast) consumer.close();
        }
      });
    }

    async registerConsumer(bundleId: string, transformId: string, consumer: DataConsumer): Promise<void> {
      const ordered = new OrderedConsumer(consumer);
      const streams = this.#streams(bundleId);
      const pending = streams.get(transformId);
      streams.set(transformId, ordered);
      await pending?.flush?.(ordered);
    }

    getConsumer(bundleId: string, transformId: string): DataConsumer {
      return this.#consumer(bundleId, transformId);
    }

    #consumer(bundleId: string, transformId: string): DataConsumer {
      const streams = this.#streams(bundleId);
      let consumer = streams.get(transformId);
      if (consumer === undefined) {
        consumer = new PendingConsumer();
        streams.set(transformId, consumer);
      }
      return consumer;
    }

    #streams(bundleId: string): Map<string, DataConsumer> {
      let streams = this.consumers.get(bundleId);
      if (streams === undefined) {
        streams = new Map();
        this.consumers.set(bundleId, streams);
      }
      return streams;
    }
  }
  dataModule.MultiplexingDataChannel = OrderedDataChannel;
}
