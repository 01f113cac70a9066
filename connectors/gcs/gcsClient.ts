import { Storage, type StorageOptions } from "@google-cloud/storage";
import { InvalidOptionError } from "../../src/errors/InvalidOptionError.js";
import type { GcsOptions } from "./GcsOptions.js";

/**
 * The endpoint sdfkit uses when none is passed: `GCS_ENDPOINT`. (`STORAGE_EMULATOR_HOST` is
 * left to the SDK, which reads it itself.)
 *
 * @param env - the environment @defaultValue process.env
 * @returns the endpoint URL, or undefined for Google Cloud Storage itself
 */
export function gcsEndpointFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env["GCS_ENDPOINT"];
  return value === undefined || value === "" ? undefined : value;
}

/**
 * Creates the `Storage` client described by `options` (or returns `options.storage`). sdfkit
 * retries reads itself, resuming mid-range, so the SDK's automatic retries are turned off on
 * clients it makes.
 *
 * @param options - endpoint, project, key file
 * @returns a client
 * @throws {@link InvalidOptionError} for an endpoint that is not an http(s) URL
 */
export function createGcsClient(options: GcsOptions = {}): Storage {
  if (options.storage !== undefined) return options.storage;
  const endpoint = options.endpoint ?? gcsEndpointFromEnv();
  if (endpoint !== undefined && !/^https?:\/\/[^/]/i.test(endpoint)) {
    throw new InvalidOptionError(`Expected the GCS endpoint to be an http:// or https:// URL, got ${endpoint}`);
  }
  const config: StorageOptions = { retryOptions: { autoRetry: false, maxRetries: 0 } };
  if (endpoint !== undefined) {
    config.apiEndpoint = endpoint;
    // An emulator takes no credentials; a project id keeps the SDK from looking one up.
    config.projectId = options.projectId ?? "sdfkit";
  } else if (options.projectId !== undefined) {
    config.projectId = options.projectId;
  }
  if (options.keyFilename !== undefined) config.keyFilename = options.keyFilename;
  return new Storage(config);
}
