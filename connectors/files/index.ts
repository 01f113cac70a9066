// `sdfkit/connectors/files`: text and JSON-lines files, and the bases for custom file formats.

export { TextFileSource } from "./TextFileSource.js";
export type { TextFileSourceOptions } from "./TextFileSource.js";
export { JsonLinesSource } from "./JsonLinesSource.js";
export type { JsonLinesSourceOptions } from "./JsonLinesSource.js";
export { DelimitedRecordSource } from "./DelimitedRecordSource.js";
export type { DelimitedRecordSourceOptions } from "./DelimitedRecordSource.js";
export { FileRecordSource } from "./FileRecordSource.js";
export type { FileRecordSourceOptions } from "./FileRecordSource.js";
export type { FileReadRequest } from "./FileReadRequest.js";
export { FileSetRange } from "./FileSetRange.js";
export { FileSetRangeTracker } from "./FileSetRangeTracker.js";
export { fileSetRangeCoder } from "./fileSetRangeCoder.js";
export { compressionOf } from "./FileEntry.js";
export type { Compression, FileEntry } from "./FileEntry.js";
export { FileWatchRestriction } from "./FileWatchRestriction.js";
export { FileWatchTracker } from "./FileWatchTracker.js";
export { fileRestrictionCoder } from "./fileSetRangeCoder.js";
export type { FileRestriction } from "./fileSetRangeCoder.js";
export type { FileContext } from "./FileRecordSource.js";
