// Google Cloud Storage as byte sources. The byte-source registry loads this store's
// scheme factory by itself on the first `gs://` URI; this module never imports the registry.

export { GcsByteSource, gcsReadSettings } from "./GcsByteSource.js";
export { DEFAULT_OBJECT_CHUNK_SIZE, DEFAULT_OBJECT_CHUNK_SIZE as DEFAULT_GCS_CHUNK_SIZE } from "../objects/ObjectByteSource.js";
export { gcsScheme } from "./gcsScheme.js";
export { createGcsClient, gcsEndpointFromEnv } from "./gcsClient.js";
export { gcsError } from "./gcsErrors.js";
export { DEFAULT_GCS_RANGE_SIZE } from "./GcsOptions.js";
export { DEFAULT_RETRY_POLICY } from "../objects/RetryPolicy.js";

export type { GcsOptions } from "./GcsOptions.js";
export type { GcsScheme } from "./gcsScheme.js";
export type { GcsReadSettings } from "./GcsByteSource.js";
export type { GcsOperation } from "./gcsErrors.js";
export type { RetryPolicy } from "../objects/RetryPolicy.js";

