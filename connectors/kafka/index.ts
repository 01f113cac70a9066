// Apache Kafka: KafkaSource (LogSource over kafkajs) and the KafkaLog it reads through.
export { KafkaSource } from "./KafkaSource.js";
export { KafkaLog } from "./KafkaLog.js";

export type { KafkaSourceOptions } from "./KafkaSource.js";
export type { KafkaLogOptions } from "./KafkaLogOptions.js";
export type { LogMessage, LogReadOptions, LogStart, LogEnd, Decoder } from "../log/index.js";
