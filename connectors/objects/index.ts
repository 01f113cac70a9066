// What object stores (S3, GCS) share: a ByteSource base with pinned versions and resumable ranged
// reads, retries with backoff, object URIs, key globs and not-found explanations.
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
export { explainNotFound } from "./explainNotFound.js";
export { objectStoreError } from "./objectStoreError.js";
export type { ObjectOperation, ObjectErrorKind, ObjectErrorMatch, ObjectErrorRule, ObjectErrorTable, ObjectChangeWords } from "./objectStoreError.js";
export type { ObjectStoreScheme } from "./ObjectStoreScheme.js";
