// Smoke test of the integration services (test/services/up.sh, started by the global setup
// test/setup/services.ts): each endpoint it exports answers, with the credentials it exports.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { connect as http2Connect } from "node:http2";
import { connect } from "node:net";
import { ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { Storage } from "@google-cloud/storage";
import { describe, expect, inject, it } from "vitest";

const CONTRACT = [
  "KAFKA_BROKERS",
  "KAFKA_DEFAULT_BROKERS",
  "S3_ENDPOINT",
  "AWS_ENDPOINT_URL_S3",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_REGION",
  "GCS_ENDPOINT",
  "PRISM_JOB_ENDPOINT",
  "FLINK_JOB_ENDPOINT",
] as const;

function env(name: (typeof CONTRACT)[number]): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; the integration global setup (test/setup/services.ts) should set it`);
  return value;
}

/** Sends a Kafka ApiVersions v0 request to host:port and returns the response's error code and API keys. */
function kafkaApiVersions(hostPort: string): Promise<{ errorCode: number; apiKeys: number[] }> {
  const [host, port] = hostPort.split(":") as [string, string];
  const correlationId = 4242;
  const clientId = Buffer.from("sdfkit-smoke");
  // Request header v1: api_key, api_version, correlation_id, client_id; ApiVersions v0 has no body.
  const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length);
  body.writeInt16BE(18, 0);
  body.writeInt16BE(0, 2);
  body.writeInt32BE(correlationId, 4);
  body.writeInt16BE(clientId.length, 8);
  clientId.copy(body, 10);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length, 0);

  return new Promise((resolve, reject) => {
    const socket = connect({ host, port: Number(port) }, () => socket.write(Buffer.concat([size, body])));
    let received = Buffer.alloc(0);
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no ApiVersions response from ${hostPort}`)));
    socket.on("error", reject);
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 4 || received.length < 4 + received.readInt32BE(0)) return;
      socket.end();
      // Response: size, correlation_id, error_code, [api_key, min_version, max_version].
      if (received.readInt32BE(4) !== correlationId) return reject(new Error("correlation id mismatch"));
      const errorCode = received.readInt16BE(8);
      const count = received.readInt32BE(10);
      const apiKeys = Array.from({ length: count }, (_, i) => received.readInt16BE(14 + 6 * i));
      resolve({ errorCode, apiKeys });
    });
  });
}

/**
 * Calls Beam's JobService.GetJobs (an empty request) over gRPC (h2c) at host:port, as the Beam
 * SDK's PortableRunner talks to a job endpoint; returns the HTTP status, grpc-status and the
 * length of the response message.
 */
function jobServiceGetJobs(hostPort: string): Promise<{ status: number; grpcStatus: string; messageBytes: number }> {
  return new Promise((resolve, reject) => {
    const session = http2Connect(`http://${hostPort}`);
    session.setTimeout(10_000, () => session.destroy(new Error(`no GetJobs response from ${hostPort}`)));
    session.on("error", reject);
    const req = session.request({
      ":method": "POST",
      ":path": "/org.apache.beam.model.job_management.v1.JobService/GetJobs",
      "content-type": "application/grpc",
      te: "trailers",
    });
    let status = 0;
    let grpcStatus: string | undefined;
    let received = Buffer.alloc(0);
    req.on("response", (headers) => {
      status = Number(headers[":status"]);
      // A failing call may come back "trailers-only": grpc-status in the response headers.
      if (headers["grpc-status"] !== undefined) grpcStatus = String(headers["grpc-status"]);
    });
    req.on("trailers", (trailers) => (grpcStatus = String(trailers["grpc-status"])));
    req.on("data", (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
    req.on("error", reject);
    req.on("end", () => {
      session.close();
      // A gRPC message: compressed flag (1 byte), length (4 bytes), protobuf bytes.
      const messageBytes = received.length >= 5 ? received.readUInt32BE(1) : -1;
      resolve({ status, grpcStatus: grpcStatus ?? "(none)", messageBytes });
    });
    req.end(Buffer.alloc(5)); // an uncompressed, empty GetJobsRequest
  });
}

describe("test services (test/services/up.sh)", () => {
  it("exports the contract's variables, on loopback, and not STORAGE_EMULATOR_HOST", () => {
    for (const name of CONTRACT) expect(process.env[name], name).toBeTruthy();
    expect(env("KAFKA_BROKERS")).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(env("KAFKA_DEFAULT_BROKERS")).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(env("KAFKA_DEFAULT_BROKERS")).not.toBe(env("KAFKA_BROKERS"));
    expect(env("S3_ENDPOINT")).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(env("AWS_ENDPOINT_URL_S3")).toBe(env("S3_ENDPOINT"));
    expect(env("GCS_ENDPOINT")).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // host:port without a scheme: what PortableRunner({ jobEndpoint }) takes.
    expect(env("PRISM_JOB_ENDPOINT")).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(env("FLINK_JOB_ENDPOINT")).toMatch(/^127\.0\.0\.1:\d+$/);
    // @google-cloud/storage would take it verbatim as its API base URL and 404 (SERVICES.md).
    expect(process.env.STORAGE_EMULATOR_HOST).toBeUndefined();
    // The same values are provided to inject().
    expect(inject("services")).toEqual(Object.fromEntries(CONTRACT.map((name) => [name, env(name)])));
  });

  it("MinIO is live at S3_ENDPOINT and accepts the exported credentials", async () => {
    const res = await fetch(`${env("S3_ENDPOINT")}/minio/health/live`);
    expect(res.status).toBe(200);
    // Endpoint, region and keys come from the environment alone (AWS_ENDPOINT_URL_S3, AWS_*).
    const s3 = new S3Client({ forcePathStyle: true });
    try {
      const out = await s3.send(new ListBucketsCommand({}));
      expect(out.$metadata.httpStatusCode).toBe(200);
    } finally {
      s3.destroy();
    }
  });

  it("fake-gcs-server answers at GCS_ENDPOINT, also through @google-cloud/storage", async () => {
    const res = await fetch(`${env("GCS_ENDPOINT")}/storage/v1/b`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ kind: "storage#buckets" });
    const storage = new Storage({ apiEndpoint: env("GCS_ENDPOINT"), projectId: "test" });
    const [buckets] = await storage.getBuckets();
    expect(Array.isArray(buckets)).toBe(true);
  });

  it("the second Kafka answers at KAFKA_DEFAULT_BROKERS, with Kafka's default group settings (no rebalance delay override)", async () => {
    const { errorCode } = await kafkaApiVersions(env("KAFKA_DEFAULT_BROKERS"));
    expect(errorCode).toBe(0);
    const state = process.env["SDFKIT_SERVICES_STATE"] ?? `${process.env["SDFKIT_SERVICES_CACHE"] ?? `${homedir()}/.cache/sdfkit-services`}/run`;
    const config = readFileSync(`${state}/kafka-default/server.properties`, "utf8");
    expect(config).not.toMatch(/group\.initial\.rebalance\.delay\.ms/);
  });

  it("Kafka answers an ApiVersions request at KAFKA_BROKERS", async () => {
    const { errorCode, apiKeys } = await kafkaApiVersions(env("KAFKA_BROKERS"));
    expect(errorCode).toBe(0);
    expect(apiKeys).toEqual(expect.arrayContaining([0, 1, 3, 18])); // Produce, Fetch, Metadata, ApiVersions
  });

  it.each(["PRISM_JOB_ENDPOINT", "FLINK_JOB_ENDPOINT"] as const)("the job service at %s accepts connections and answers JobService.GetJobs", async (variable) => {
    const [host, port] = env(variable).split(":") as [string, string];
    await new Promise<void>((resolve, reject) => {
      const socket = connect({ host, port: Number(port) }, () => {
        socket.end();
        resolve();
      });
      socket.setTimeout(10_000, () => socket.destroy(new Error(`no connection to ${host}:${port}`)));
      socket.on("error", reject);
    });
    const { status, grpcStatus, messageBytes } = await jobServiceGetJobs(env(variable));
    expect(status).toBe(200);
    expect(grpcStatus).toBe("0"); // OK
    expect(messageBytes).toBeGreaterThanOrEqual(0); // a GetJobsResponse (empty while no job ran)
  });
});
