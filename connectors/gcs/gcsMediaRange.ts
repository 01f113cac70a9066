import type { Storage } from "@google-cloud/storage";
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { formatObjectUri } from "../objects/objectUri.js";
import { gcsError } from "./gcsErrors.js";

/** Kept-alive connections for media downloads, shared by every object. */
const agents = { http: new HttpAgent({ keepAlive: true, maxSockets: 64 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 64 }) };

/**
 * An HTTP error answer of a media download, as data shaped like the SDK's errors (a numeric
 * `code`, a `message`) so that {@link gcsError} reads it as it reads theirs; it becomes the
 * typed error's `cause`.
 */
interface GcsHttpAnswer {
  readonly name: "GcsHttpError";
  readonly code: number;
  readonly message: string;
}

/**
 * Opens a ranged media download of one generation of an object, with the `Storage` client's
 * base URL and credentials, through `node:http(s)` with kept-alive connections.
 *
 * The SDK's own `createReadStream` is not used for reads: in @google-cloud/storage 7.22 its
 * stream never ends nor fails when the server closes the connection in the middle of a body (a
 * proxy or load balancer dropping it), so a read would hang until the idle timeout. Node's
 * response fails at once ("aborted"), which `resumableRead` retries from the byte reached.
 * `Accept-Encoding: gzip` (as the SDK sends) keeps objects stored gzip-encoded in their stored
 * bytes, so offsets match the object's size.
 *
 * @param storage - the client: its `baseUrl`, and its credentials unless it talks to a custom endpoint
 * @param bucket - bucket name
 * @param name - object name
 * @param generation - the pinned generation
 * @param from - first byte
 * @param to - end (exclusive), `> from`
 * @param signal - aborts the request and its body
 * @returns the body's chunks
 * @throws the {@link gcsError} of an HTTP error answer (404 during a read → {@link SourceChangedError},
 *   5xx → {@link TransientIoError}, ...); connection failures as Node reports them, for the caller to classify
 */
export async function fetchGcsRange(
  storage: Storage,
  bucket: string,
  name: string,
  generation: string,
  from: number,
  to: number,
  signal: AbortSignal,
): Promise<AsyncIterable<Uint8Array>> {
  const url = `${storage.baseUrl}/b/${encodeURIComponent(bucket)}/o/${encodeURIComponent(name)}?alt=media&generation=${generation}`;
  const headers: Record<string, string> = { range: `bytes=${from}-${to - 1}`, "accept-encoding": "gzip" };
  if (!storage.customEndpoint || storage.useAuthWithCustomEndpoint === true) {
    Object.assign(headers, await storage.authClient.getRequestHeaders(url));
  }
  const target = new URL(url);
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  const agent = target.protocol === "https:" ? agents.https : agents.http;
  return new Promise<AsyncIterable<Uint8Array>>((resolve, reject) => {
    // Not `signal` as a request option: Node then ties it to the socket too, and an abort after
    // the socket went back to the keep-alive pool destroys it with an error nobody listens to.
    const request = send(target, { headers, agent }, (response: IncomingMessage) => {
      response.on("close", () => signal.removeEventListener("abort", abort));
      const status = response.statusCode ?? 0;
      if (status === 206 || status === 200) {
        // The reader sees errors through iteration; an abort after it stopped reading is expected.
        response.on("error", () => undefined);
        resolve(response);
        return;
      }
      const body: Buffer[] = [];
      response.on("data", (chunk: Buffer) => body.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        const text = Buffer.concat(body).toString("utf8").slice(0, 200);
        const answer: GcsHttpAnswer = { name: "GcsHttpError", code: status, message: `HTTP ${status} ${response.statusMessage ?? ""}${text === "" ? "" : `: ${text}`}` };
        reject(gcsError(answer, formatObjectUri("gs", { bucket, key: name }), "read", from));
      });
    });
    // Without an error argument: the socket gets no 'error' event that nobody would listen to.
    const abort = (): void => {
      request.destroy();
    };
    if (signal.aborted) abort();
    else signal.addEventListener("abort", abort, { once: true });
    request.on("error", reject);
    request.end();
  });
}
