// S3 and S3-compatible object stores as byte sources. The byte-source registry loads this store's
// scheme factory by itself on the first `s3://` URI; this module never imports the registry.

export { S3ByteSource, s3ReadSettings } from "./S3ByteSource.js";
export { DEFAULT_OBJECT_CHUNK_SIZE } from "../objects/ObjectByteSource.js";
export { s3Scheme } from "./s3Scheme.js";
export { createS3Client, s3EndpointFromEnv } from "./s3Client.js";
export { s3Error } from "./s3Errors.js";
export { DEFAULT_S3_RANGE_SIZE } from "./S3Options.js";
export { DEFAULT_RETRY_POLICY } from "../objects/RetryPolicy.js";

export type { S3Options, S3StaticCredentials } from "./S3Options.js";
export type { S3Scheme } from "./s3Scheme.js";
export type { S3ReadSettings } from "./S3ByteSource.js";
export type { S3Operation } from "./s3Errors.js";
export type { RetryPolicy } from "../objects/RetryPolicy.js";

