// Ranged byte sources: one interface for file://, s3:// and gs://, the scheme registry, local files.
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

