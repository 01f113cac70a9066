// Google Cloud Storage as byte sources. Loading this module registers the `gs` scheme (the
// byte-source registry loads it by itself on the first `gs://` URI).
import { registerByteSourceScheme } from "../bytes/registry.js";
import { gcsScheme } from "./gcsScheme.js";

export { GcsByteSource, gcsReadSettings } from "./GcsByteSource.js";
export { DEFAULT_OBJECT_CHUNK_SIZE, DEFAULT_OBJECT_CHUNK_SIZE as DEFAULT_GCS_CHUNK_SIZE } from "../bytes/ObjectByteSource.js";
export { gcsScheme } from "./gcsScheme.js";
export { createGcsClient, gcsEndpointFromEnv } from "./gcsClient.js";
export { gcsError } from "./gcsErrors.js";
export { DEFAULT_GCS_RANGE_SIZE } from "./GcsOptions.js";
export { DEFAULT_RETRY_POLICY } from "../bytes/RetryPolicy.js";

export type { GcsOptions } from "./GcsOptions.js";
export type { GcsScheme } from "./gcsScheme.js";
export type { GcsReadSettings } from "./GcsByteSource.js";
export type { GcsOperation } from "./gcsErrors.js";
export type { RetryPolicy } from "../bytes/RetryPolicy.js";

registerByteSourceScheme(gcsScheme());
