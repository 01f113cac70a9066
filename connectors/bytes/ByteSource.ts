/**
 * Random access to the bytes of one file or object, pinned to the version seen when it was
 * opened (like hyparquet's `AsyncBuffer`, with streaming reads). Connectors read through this
 * interface and never care whether the bytes come from a disk, S3 or GCS.
 *
 * Reads MUST fail with {@link SourceChangedError} rather than mix two versions: a read that
 * finds another version, or fewer bytes than `size` promised, throws.
 */
export interface ByteSource {
  /** Fully qualified name: `/abs/path`, `s3://bucket/key`, `gs://bucket/object`. */
  readonly uri: string;
  /** Size in bytes of the pinned version. */
  readonly size: number;
  /** Opaque version: mtime+size for local files, ETag or generation for objects. */
  readonly version: string;
  /**
   * Streams the bytes of `[start, end)` in large chunks (about `chunkSize` bytes each).
   * @param start - first byte, `0 <= start <= end`
   * @param end - end (exclusive), `<= size`
   * @param chunkSize - preferred chunk size @defaultValue 1 MiB for files
   * @throws {@link SourceChangedError} if the input no longer is the pinned version
   */
  read(start: number, end: number, chunkSize?: number): AsyncIterable<Uint8Array>;
  /** Releases handles; further reads fail. Safe to call twice. */
  close(): Promise<void>;
}

/** What a byte-source backend registers for its URI schemes. */
export interface ByteSourceScheme {
  /** Schemes handled, without `://`: `["file"]`, `["s3"]`. */
  readonly schemes: readonly string[];
  /**
   * Opens `uri` at its current version.
   * @param uri - a URI of one of `schemes` (bare paths count as `file`)
   * @param expectedVersion - when given, the version to pin; another version is a `SourceChangedError`
   */
  open(uri: string, expectedVersion?: string): Promise<ByteSource>;
  /**
   * Expands a pattern (glob or prefix) to the URIs it matches, sorted; a plain URI of an
   * existing file expands to itself.
   */
  expand(pattern: string): Promise<string[]>;
}
