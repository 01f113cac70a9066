// Kafka-like logs: the PartitionedLog interface, an in-process MemoryLog, and LogSource, the SDF
// that reads any of them with offsets as restrictions.
export { LogSource } from "./LogSource.js";
export { MemoryLog } from "./memory/MemoryLog.js";
export { LogRestriction } from "./LogRestriction.js";
export { LogTracker } from "./LogTracker.js";
export { logRestrictionCoder } from "./logRestrictionCoder.js";
export { compileDecoder } from "./decoders.js";

export type { PartitionedLog, PartitionOffsets, FetchOptions, FetchResult, CommitOffset } from "./PartitionedLog.js";
export type { LogRecord } from "./LogRecord.js";
export type { LogMessage } from "./LogMessage.js";
export type { LogPart } from "./LogRestriction.js";
export type { LogPosition } from "./LogPosition.js";
export type { LogSourceOptions, LogReadOptions, LogStart, LogEnd } from "./LogSourceOptions.js";
export type { Decoder, Decoded } from "./decoders.js";
export type { MemoryLogOptions } from "./memory/MemoryLog.js";
export type { NewLogRecord, AppendResult } from "./memory/memoryRecord.js";
export type { MemoryTopicOptions } from "./memory/memoryTopic.js";
export type { MemoryRetention } from "./memory/memoryPartition.js";
export type { MemoryLogCommit } from "./memory/memoryCommits.js";
