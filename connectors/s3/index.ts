// S3 and S3-compatible object stores as byte sources. Loading this module registers the `s3`
// scheme (the byte-source registry loads it by itself on the first `s3://` URI).
import { registerByteSourceScheme } from "../bytes/registry.js";
import { s3Scheme } from "./s3Scheme.js";

export { S3ByteSource, s3ReadSettings } from "./S3ByteSource.js";
export { DEFAULT_OBJECT_CHUNK_SIZE } from "../bytes/ObjectByteSource.js";
export { s3Scheme } from "./s3Scheme.js";
export { createS3Client, s3EndpointFromEnv } from "./s3Client.js";
export { s3Error } from "./s3Errors.js";
export { DEFAULT_S3_RANGE_SIZE } from "./S3Options.js";
export { DEFAULT_RETRY_POLICY } from "../bytes/RetryPolicy.js";

export type { S3Options, S3StaticCredentials } from "./S3Options.js";
export type { S3Scheme } from "./s3Scheme.js";
export type { S3ReadSettings } from "./S3ByteSource.js";
export type { S3Operation } from "./s3Errors.js";
export type { RetryPolicy } from "../bytes/RetryPolicy.js";

registerByteSourceScheme(s3Scheme());
