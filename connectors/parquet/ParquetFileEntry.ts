/**
 * One Parquet file of a {@link RowGroupSet}, pinned to the version seen when the read was
 * planned. The row groups of all files of a read are numbered in one global index space:
 * this file's row group `i` is global index `firstRowGroup + i`.
 */
export interface ParquetFileEntry {
  /** Fully qualified name: an absolute path, `s3://…`, `gs://…`. */
  readonly uri: string;
  /** Size of the file in bytes. */
  readonly size: number;
  /** The version read (mtime+size, ETag, generation); another version is a `SourceChangedError`. */
  readonly version: string;
  /** Global index of the file's first row group. */
  readonly firstRowGroup: number;
  /** Compressed bytes of the projected column chunks of each row group: what reading it fetches. */
  readonly rowGroupBytes: readonly number[];
  /** Rows in each row group. */
  readonly rowGroupRows: readonly number[];
}

/**
 * A top-level column of a read's merged schema, with its type as a signature such as `INT64`,
 * `BYTE_ARRAY/STRING`, `INT64/TIMESTAMP(MICROS)` or `struct<a:INT32,b:BYTE_ARRAY/STRING>`.
 */
export interface ParquetColumn {
  /** The column's name. */
  readonly name: string;
  /** The merged type signature (the widest of the files' types). */
  readonly type: string;
}
