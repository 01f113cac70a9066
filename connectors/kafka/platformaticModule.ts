import { decompress } from "fzstd";
import { UnsupportedFeatureError } from "../../src/errors/UnsupportedFeatureError.js";

/** What `PlatformaticKafkaLog` uses of `@platformatic/kafka` (its module namespace, typed). */
export type PlatformaticModule = typeof import("@platformatic/kafka");

let loading: Promise<PlatformaticModule> | undefined;

/**
 * Loads `@platformatic/kafka` once, lazily (it is an optional peer dependency), made usable on
 * Node 20: `Promise.withResolvers` is polyfilled only when the runtime lacks it, and its zstd
 * codec, which needs `zlib.zstdDecompressSync` (Node ≥ 22.15), decodes with fzstd when that is
 * missing.
 *
 * @returns the module
 * @throws {@link UnsupportedFeatureError} when the package is not installed, saying how to install it
 */
export function loadPlatformaticKafka(): Promise<PlatformaticModule> {
  loading ??= load();
  return loading;
}

async function load(): Promise<PlatformaticModule> {
  polyfillWithResolvers();
  let module: PlatformaticModule;
  try {
    module = await import("@platformatic/kafka");
  } catch (error) {
    loading = undefined;
    throw platformaticImportError(error);
  }
  const zstd = module.compressionsAlgorithms.zstd as { available: boolean; decompressSync(data: Buffer): Buffer };
  if (!zstd.available) {
    zstd.decompressSync = (data) => {
      const bytes = decompress(data);
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    };
  }
  return module;
}

/**
 * What a failed `import("@platformatic/kafka")` becomes: an {@link UnsupportedFeatureError}
 * saying to run `npm install @platformatic/kafka`.
 *
 * @param error - what the import threw
 * @returns the error to throw
 */
export function platformaticImportError(error: unknown): UnsupportedFeatureError {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
    return new UnsupportedFeatureError("PlatformaticKafkaLog needs the optional package @platformatic/kafka: run `npm install @platformatic/kafka` (or read through KafkaLog, over kafkajs)", { cause: error });
  }
  return new UnsupportedFeatureError(`@platformatic/kafka could not be loaded (${(error as Error | null)?.message ?? String(error)}); reinstall it with \`npm install @platformatic/kafka\``, { cause: error });
}

/** Adds `Promise.withResolvers` (ES2024, Node ≥ 22) when the runtime lacks it; leaves it alone otherwise. */
export function polyfillWithResolvers(): void {
  const promise = Promise as unknown as { withResolvers?: unknown };
  if (typeof promise.withResolvers === "function") return;
  Object.defineProperty(Promise, "withResolvers", {
    configurable: true,
    writable: true,
    value: function withResolvers<T>(this: PromiseConstructor) {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new this<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
