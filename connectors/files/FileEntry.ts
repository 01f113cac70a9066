/** How a file's bytes are compressed. */
export type Compression = "none" | "gzip" | "zstd";

/**
 * One file of a {@link FileSetRange}, pinned to the version seen when the input was listed.
 * Files of a set are laid end to end in one offset space: `offset` is where this file's byte 0
 * sits in it.
 */
export interface FileEntry {
  /** Fully qualified name: an absolute path, `s3://…`, `gs://…`. */
  readonly uri: string;
  /** Size in bytes (compressed bytes for a compressed file). */
  readonly size: number;
  /** The version read; another version while reading is a `SourceChangedError`. */
  readonly version: string;
  /** Where the file starts in the set's offset space. */
  readonly offset: number;
  /** Compression of the bytes. */
  readonly compression: Compression;
}

/**
 * The compression of `uri`: `option` unless `"auto"`, else by extension (`.gz`, `.gzip`,
 * `.zst`, `.zstd`).
 * @param uri - the file
 * @param option - `"auto"`, or a compression to force
 */
export function compressionOf(uri: string, option: "auto" | Compression): Compression {
  if (option !== "auto") return option;
  const lower = uri.toLowerCase();
  if (lower.endsWith(".gz") || lower.endsWith(".gzip")) return "gzip";
  if (lower.endsWith(".zst") || lower.endsWith(".zstd")) return "zstd";
  return "none";
}
