// `sdfkit/connectors/parquet`: Parquet files as rows, split by row group, from disk, S3 or GCS.

export { ParquetSource } from "./ParquetSource.js";
export type { ParquetContext } from "./ParquetSource.js";
export type { ParquetSourceOptions } from "./ParquetSourceOptions.js";
export type { ParquetRow, Int64Mode } from "./RowShaper.js";
export { RowGroupSet } from "./RowGroupSet.js";
export { RowGroupSetTracker } from "./RowGroupSetTracker.js";
export { rowGroupSetCoder } from "./rowGroupSetCoder.js";
export type { ParquetColumn, ParquetFileEntry } from "./ParquetFileEntry.js";
