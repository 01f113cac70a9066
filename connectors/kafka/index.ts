// Apache Kafka: KafkaSource (LogSource over kafkajs) and the KafkaLog it reads through.
export { KafkaSource } from "./KafkaSource.js";
export { KafkaLog } from "./KafkaLog.js";
export { PlatformaticKafkaLog } from "./PlatformaticKafkaLog.js";
export { KafkaSink } from "./KafkaSink.js";
export { runExactlyOnce } from "./runExactlyOnce.js";
export { TransactionFencedError } from "./TransactionFencedError.js";

export type { KafkaSourceOptions } from "./KafkaSource.js";
export type { KafkaLogOptions } from "./KafkaLogOptions.js";
export type { PlatformaticKafkaLogOptions } from "./PlatformaticKafkaLog.js";
export type { KafkaSinkOptions, SinkRecord } from "./KafkaSink.js";
export type { KafkaCompression } from "./kafkaCodecs.js";
export type { ExactlyOnceOptions, ExactlyOnceReport, ExactlyOnceRecovery, ExactlyOnceEvent } from "./ExactlyOnceOptions.js";
export type { LogMessage, LogReadOptions, LogStart, LogEnd, Decoder } from "../log/index.js";
