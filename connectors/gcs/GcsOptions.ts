import type { Storage } from "@google-cloud/storage";
import type { ObjectReadOptions } from "../objects/ObjectReadSettings.js";

/** Default bytes per ranged read: 16 MiB, within Google's guidance for sliced object downloads. */
export const DEFAULT_GCS_RANGE_SIZE = 16 * 1024 * 1024;

/**
 * How sdfkit reaches Google Cloud Storage (or an emulator). All fields are optional: by default
 * Application Default Credentials are used, and an endpoint comes from `GCS_ENDPOINT`.
 */
export interface GcsOptions extends ObjectReadOptions {
  /** A `Storage` instance to use as is; other client fields are then ignored. */
  readonly storage?: Storage;
  /** A custom endpoint such as `http://127.0.0.1:4443`, passed as `apiEndpoint`. @defaultValue `GCS_ENDPOINT` */
  readonly endpoint?: string;
  /** The project (only needed by some emulators and for requester-pays buckets). */
  readonly projectId?: string;
  /** A service-account key file; @defaultValue Application Default Credentials */
  readonly keyFilename?: string;
}
