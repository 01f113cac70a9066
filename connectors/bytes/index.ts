// Ranged byte sources: one interface for file://, s3:// and gs://, a scheme registry, globbing.
export { LocalFileByteSource, DEFAULT_FILE_CHUNK_SIZE, MAX_FILE_CHUNK_SIZE } from "./LocalFileByteSource.js";
export { localFileScheme } from "./localFileScheme.js";
export {
  registerByteSourceScheme,
  registerLazyByteSourceScheme,
  openByteSource,
  expandInputs,
  schemeOf,
  knownByteSourceSchemes,
} from "./registry.js";
export { countingByteSource } from "./countingByteSource.js";
export { toLocalPath } from "./localPath.js";

export type { ByteSource, ByteSourceScheme } from "./ByteSource.js";
export type { CountingByteSource } from "./countingByteSource.js";

export { DEFAULT_RETRY_POLICY, retryPolicyOf, retryDelayMs } from "./RetryPolicy.js";
export { resumableRead } from "./resumableRead.js";
export { retrying } from "./retrying.js";
export { parseObjectUri, formatObjectUri } from "./objectUri.js";
export { compileKeyPattern } from "./objectGlob.js";
export type { RetryPolicy } from "./RetryPolicy.js";
export type { RangeFetch, ResumableReadOptions } from "./resumableRead.js";
export type { ObjectLocation } from "./objectUri.js";
export type { KeyPattern } from "./objectGlob.js";
export { ObjectByteSource, DEFAULT_OBJECT_CHUNK_SIZE, objectToOpen, checkExpectedVersion } from "./ObjectByteSource.js";
export { expandObjectPattern } from "./expandObjectPattern.js";
export type { ObjectLister } from "./expandObjectPattern.js";
