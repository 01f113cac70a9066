/** Node and undici error codes of a connection that failed or broke: worth retrying. */
const RETRIABLE_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ERR_STREAM_PREMATURE_CLOSE",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/** Error names of timeouts and broken bodies across the AWS SDK, gaxios and Node. */
const RETRIABLE_NAMES = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException", "FetchError"]);

/**
 * Whether `error` (or one of its causes) is a network failure that a retry may cure: a reset
 * or refused connection, a timeout, a premature close.
 *
 * @param error - anything thrown by an HTTP client
 * @returns true for a transient network failure
 */
export function isTransientNetworkError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (typeof current !== "object") return false;
    const code = "code" in current ? current.code : undefined;
    if (typeof code === "string" && RETRIABLE_CODES.has(code)) return true;
    const name = "name" in current ? current.name : undefined;
    if (typeof name === "string" && RETRIABLE_NAMES.has(name)) return true;
    const message = "message" in current && typeof current.message === "string" ? current.message : "";
    if (/socket hang up|ECONNRESET|premature close|aborted/i.test(message)) return true;
    current = "cause" in current ? current.cause : undefined;
  }
  return false;
}

/**
 * A short, credential-free description of an error: its name, code and status, never headers
 * or request details.
 *
 * @param error - anything thrown
 * @returns e.g. `NoSuchKey (HTTP 404)` or `ECONNRESET`
 */
export function describeFailure(error: unknown): string {
  if (typeof error !== "object" || error === null) return String(error);
  const parts: string[] = [];
  const name = "name" in error && typeof error.name === "string" ? error.name : undefined;
  const code = "code" in error && (typeof error.code === "string" || typeof error.code === "number") ? String(error.code) : undefined;
  const status = httpStatusOf(error);
  if (name !== undefined && name !== "Error") parts.push(name);
  if (code !== undefined && code !== name && code !== String(status)) parts.push(code);
  if (status !== undefined) parts.push(`HTTP ${status}`);
  const message = "message" in error && typeof error.message === "string" ? error.message.split("\n")[0] : undefined;
  if (message !== undefined && message !== "" && message !== name && message.length < 200) parts.push(`"${message}"`);
  return parts.length > 0 ? parts.join(" ") : "unknown error";
}

/**
 * The HTTP status of an SDK error, wherever the SDK keeps it (`$metadata.httpStatusCode` for
 * AWS, `code` or `status` for Google's clients).
 *
 * @param error - anything thrown
 * @returns the status, or undefined
 */
export function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  if ("$metadata" in error && typeof error.$metadata === "object" && error.$metadata !== null) {
    const status = (error.$metadata as { httpStatusCode?: unknown }).httpStatusCode;
    if (typeof status === "number") return status;
  }
  for (const field of ["status", "code", "statusCode"] as const) {
    const value = field in error ? (error as Record<string, unknown>)[field] : undefined;
    if (typeof value === "number" && value >= 100 && value < 600) return value;
  }
  if ("response" in error && typeof error.response === "object" && error.response !== null) {
    const status = (error.response as { status?: unknown }).status;
    if (typeof status === "number") return status;
  }
  return undefined;
}
