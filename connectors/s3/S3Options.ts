import type { S3Client } from "@aws-sdk/client-s3";
import type { ObjectReadOptions } from "../objects/ObjectReadSettings.js";

/** Default bytes per ranged GET: 8 MiB, within AWS's 8–16 MiB guidance for parallel ranged reads. */
export const DEFAULT_S3_RANGE_SIZE = 8 * 1024 * 1024;

/** Static credentials; without them the AWS SDK's default chain (env, profile, SSO, IMDS, …) is used. */
export interface S3StaticCredentials {
  /** The access key id. */
  readonly accessKeyId: string;
  /** The secret; never printed by sdfkit. */
  readonly secretAccessKey: string;
  /** A session token for temporary credentials. */
  readonly sessionToken?: string;
}

/**
 * How sdfkit reaches S3 (or an S3-compatible server). All fields are optional: by default the
 * AWS SDK's credential chain and region are used, and an endpoint comes from `S3_ENDPOINT` or
 * `AWS_ENDPOINT_URL_S3`.
 */
export interface S3Options extends ObjectReadOptions {
  /** A client to use as is (its own endpoint, region, credentials and retries); other client fields are then ignored. */
  readonly client?: S3Client;
  /** A custom endpoint such as `http://127.0.0.1:9000`; @defaultValue `S3_ENDPOINT`, then `AWS_ENDPOINT_URL_S3` */
  readonly endpoint?: string;
  /** The region; @defaultValue `AWS_REGION`, `AWS_DEFAULT_REGION`, the shared config, then `us-east-1` with region redirects */
  readonly region?: string;
  /** Path-style addressing (`endpoint/bucket/key`); @defaultValue true with a custom endpoint, else false */
  readonly forcePathStyle?: boolean;
  /** Static credentials instead of the default chain. */
  readonly credentials?: S3StaticCredentials;
}
