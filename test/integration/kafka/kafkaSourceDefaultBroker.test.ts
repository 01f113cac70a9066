// The KafkaSource suite again, against the second broker test/services/up.sh starts
// (KAFKA_DEFAULT_BROKERS) with Kafka's default group settings: group.initial.rebalance.delay.ms
// stays 3 s there, as on real clusters, where a reader joining consumer groups pays it per join.
// The broker restart test restarts that broker (kafka-restart.sh --service kafka-default).
import { afterAll, vi } from "vitest";

const defaultBrokers = process.env["KAFKA_DEFAULT_BROKERS"];
if (defaultBrokers === undefined || defaultBrokers === "") {
  throw new Error("KAFKA_DEFAULT_BROKERS is not set; the integration global setup (test/setup/services.ts) starts the kafka-default service");
}
vi.stubEnv("KAFKA_BROKERS", defaultBrokers);
vi.stubEnv("SDFKIT_KAFKA_SERVICE", "kafka-default");
afterAll(() => {
  vi.unstubAllEnvs();
});

await import("./kafkaSource.test.js");
