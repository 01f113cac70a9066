import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { InvalidOptionError } from "../../src/errors/InvalidOptionError.js";
import type { S3Options } from "./S3Options.js";

/**
 * The endpoint sdfkit uses when none is passed: `S3_ENDPOINT`, then `AWS_ENDPOINT_URL_S3`.
 *
 * @param env - the environment @defaultValue process.env
 * @returns the endpoint URL, or undefined for AWS itself
 */
export function s3EndpointFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env["S3_ENDPOINT"] || env["AWS_ENDPOINT_URL_S3"];
  return value === undefined || value === "" ? undefined : value;
}

/**
 * Creates the S3 client described by `options` (or returns `options.client`). sdfkit retries
 * reads itself, resuming mid-range, so the SDK's own retries are turned off on clients it makes;
 * response checksums are only checked when required, since ranged GETs carry none.
 *
 * @param options - endpoint, region, credentials
 * @returns a client; connections are kept alive and reused
 * @throws {@link InvalidOptionError} for an endpoint that is not an http(s) URL
 */
export function createS3Client(options: S3Options = {}): S3Client {
  if (options.client !== undefined) return options.client;
  const endpoint = options.endpoint ?? s3EndpointFromEnv();
  if (endpoint !== undefined && !/^https?:\/\/[^/]/i.test(endpoint)) {
    throw new InvalidOptionError(`Expected the S3 endpoint to be an http:// or https:// URL, got ${endpoint}`);
  }
  const region = options.region ?? process.env["AWS_REGION"] ?? process.env["AWS_DEFAULT_REGION"];
  const config: S3ClientConfig = {
    // Without any region configured anywhere, us-east-1 plus redirects reaches every bucket.
    region: region ?? (endpoint === undefined ? regionOrDefault : "us-east-1"),
    followRegionRedirects: true,
    maxAttempts: 1,
    responseChecksumValidation: "WHEN_REQUIRED",
    requestChecksumCalculation: "WHEN_REQUIRED",
  };
  if (endpoint !== undefined) {
    config.endpoint = endpoint;
    config.forcePathStyle = options.forcePathStyle ?? true;
  } else if (options.forcePathStyle !== undefined) {
    config.forcePathStyle = options.forcePathStyle;
  }
  if (options.credentials !== undefined) config.credentials = { ...options.credentials };
  return new S3Client(config);
}

/** The SDK's region chain (the shared config file's profile), falling back to us-east-1. */
async function regionOrDefault(): Promise<string> {
  const probe = new S3Client({});
  try {
    return await probe.config.region();
  } catch {
    return "us-east-1";
  } finally {
    probe.destroy();
  }
}
