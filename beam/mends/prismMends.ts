import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

interface ThenableCall {
  readonly status: Promise<unknown>;
}

/**
 * **apache-beam 2.49.0 defect (against Prism): artifact staging never returns.** The job server
 * ends the reverse artifact-retrieval stream with status OK, but the SDK awaits the call object,
 * which waits for response headers that protobuf-ts never resolves for that stream. The mend
 * makes awaiting the call wait for its status instead. Harmless against Flink's job server.
 */
export function mendArtifactStaging(): void {
  const artifacts = require("apache-beam/runners/artifacts") as {
    offerArtifacts: (client: object, stagingToken: string, rootDir?: string) => Promise<void>;
  };
  const offer = artifacts.offerArtifacts;
  artifacts.offerArtifacts = (client, stagingToken, rootDir) => {
    const staging = client as { reverseArtifactRetrievalService(...args: unknown[]): ThenableCall };
    const mended = Object.create(client) as typeof staging;
    mended.reverseArtifactRetrievalService = (...args: unknown[]) => {
      const call = staging.reverseArtifactRetrievalService(...args);
      return new Proxy(call, {
        get(target, property, receiver) {
          if (property !== "then") return Reflect.get(target, property, receiver) as unknown;
          return (done: (value: unknown) => unknown, failed: (error: unknown) => unknown) => target.status.then(() => undefined).then(done, failed);
        },
      });
    };
    return offer(mended, stagingToken, rootDir);
  };
}

type UnaryCallback = (error: unknown, value: unknown) => void;

interface ControlClient {
  getProcessBundleDescriptor(request: unknown, ...rest: unknown[]): unknown;
}

/**
 * **apache-beam 2.49.0 defect (against Prism): every bundle fails with "failed to find worker id
 * in metadata".** The SDK worker sends `worker_id` metadata on its control stream but not on
 * `GetProcessBundleDescriptor`, which Prism requires on every call. The mend adds it, replacing
 * the worker class before the portable runner's modules load (they keep a reference to it).
 */
export function mendWorkerMetadata(): void {
  // The gRPC library apache-beam itself uses, resolved from its own location.
  const beamRequire = createRequire(require.resolve("apache-beam"));
  const grpc = beamRequire("@grpc/grpc-js") as { Metadata: new () => { add(key: string, value: string): void } };
  const workerModule = require("apache-beam/worker/worker") as { Worker: new (id: string, ...rest: unknown[]) => { id: string; controlClient: ControlClient } };
  const BeamWorker = workerModule.Worker;
  class WorkerWithIdOnEveryCall extends BeamWorker {
    constructor(id: string, ...rest: unknown[]) {
      super(id, ...rest);
      const client = this.controlClient;
      const getDescriptor = client.getProcessBundleDescriptor.bind(client);
      const metadata = new grpc.Metadata();
      metadata.add("worker_id", id);
      client.getProcessBundleDescriptor = (request: unknown, ...rest2: unknown[]) => {
        const callback = rest2.find((arg): arg is UnaryCallback => typeof arg === "function");
        return callback === undefined ? getDescriptor(request, metadata, ...rest2) : getDescriptor(request, metadata, callback);
      };
    }
  }
  workerModule.Worker = WorkerWithIdOnEveryCall;
}
