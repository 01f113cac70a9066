import type { ByteSourceScheme } from "../bytes/ByteSource.js";

/**
 * A byte-source scheme backed by an object store. The stores (`s3/`, `gcs/`) build on this
 * folder only; the byte-source registry loads their scheme factories lazily, so the dependency
 * between the registry and the stores runs one way.
 */
export type ObjectStoreScheme = ByteSourceScheme;
