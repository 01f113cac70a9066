import { createServer, connect, type Server, type Socket } from "node:net";

/** An HTTP error answer that a {@link FaultProxy} sends instead of forwarding a request. */
export interface StatusAnswer {
  /** The status code, e.g. 503. */
  readonly status: number;
  /** The reason phrase, e.g. `Service Unavailable`. */
  readonly reason: string;
  /** The body's media type. */
  readonly contentType: string;
  /** The body (not sent in answer to a HEAD, whose answer only announces its length). */
  readonly body: string;
}

/** What S3 answers when it sheds load: `503 Service Unavailable` with a `SlowDown` error document. */
export const S3_SLOW_DOWN: StatusAnswer = Object.freeze({
  status: 503,
  reason: "Service Unavailable",
  contentType: "application/xml",
  body:
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message>` +
    `<RequestId>FAULTPROXY0000001</RequestId><HostId>sdfkit-fault-proxy</HostId></Error>`,
});

/** What the GCS JSON API answers when a backend is unavailable: `503` with a JSON error. */
export const GCS_SERVICE_UNAVAILABLE: StatusAnswer = Object.freeze({
  status: 503,
  reason: "Service Unavailable",
  contentType: "application/json; charset=UTF-8",
  body: JSON.stringify({
    error: { code: 503, message: "We encountered an internal error. Please try again.", errors: [{ domain: "global", reason: "backendError", message: "We encountered an internal error. Please try again." }] },
  }),
});

/** Faults injected at random, per request, on new connections: see {@link FaultProxy.chaos}. */
export interface ChaosOptions {
  /** Seed of the pseudo-random draws (the same seed gives the same sequence of draws). */
  readonly seed: number;
  /** Probability that a request's connection is reset during its response. */
  readonly resetProbability: number;
  /** Probability that a request is answered with `answer` instead of being forwarded. */
  readonly statusProbability: number;
  /** A reset request first delivers a uniform number of response bytes in `[0, maxResetAfterBytes)`. */
  readonly maxResetAfterBytes: number;
  /** The error answer. @defaultValue {@link S3_SLOW_DOWN} */
  readonly answer?: StatusAnswer;
}

/** One HTTP request that went through (or was answered by) the proxy. */
export interface ProxiedRequest {
  /** Number of the connection it came on (1 for the first connection accepted). */
  readonly connection: number;
  /** `GET`, `HEAD`, … */
  readonly method: string;
  /** The request target: path and query. */
  readonly target: string;
  /** The `Range: bytes=a-b` header as `[a, b + 1)`, if any. */
  readonly range: { readonly start: number; readonly end: number } | undefined;
  /** Forwarded (maybe still in flight), reset during its response, or answered with an error status by the proxy. */
  outcome: "forwarded" | "reset" | "status";
  /** Response bytes delivered to the client, head included. */
  responseBytes: number;
  /** Response body bytes delivered to the client (after the head). */
  bodyBytes: number;
}

/** Faults the proxy actually injected. */
export interface InjectedFaults {
  /** Connections reset (TCP RST) by the proxy. */
  resets: number;
  /** Connections stalled. */
  stalls: number;
  /** Requests answered with an error status instead of being forwarded. */
  statuses: number;
}

/** A fault for the next connections through a {@link FaultProxy}. */
type Fault = { kind: "reset"; afterBytes: number } | { kind: "stall" } | { kind: "status"; answer: StatusAnswer };

/** A parsed request head. */
interface RequestHead {
  readonly method: string;
  readonly target: string;
  readonly range: { start: number; end: number } | undefined;
}

const HEAD_END = Buffer.from("\r\n\r\n");
/** A request head longer than this is not HTTP we understand: the connection is then only piped. */
const MAX_HEAD_BYTES = 64 * 1024;

/**
 * Splits the bytes a client sends into HTTP/1.1 request heads (skipping `Content-Length` bodies).
 * Gives up (and reports nothing more) on a chunked request body or an over-long head.
 */
class RequestParser {
  #buffer: Buffer = Buffer.alloc(0);
  #bodyLeft = 0;
  #opaque = false;

  /** Feeds client bytes; returns the heads completed by them, in order. */
  feed(chunk: Buffer): RequestHead[] {
    if (this.#opaque) return [];
    const heads: RequestHead[] = [];
    let data = this.#buffer.length > 0 ? Buffer.concat([this.#buffer, chunk]) : chunk;
    for (;;) {
      if (this.#bodyLeft > 0) {
        const skipped = Math.min(this.#bodyLeft, data.length);
        this.#bodyLeft -= skipped;
        data = data.subarray(skipped);
      }
      const end = data.indexOf(HEAD_END);
      if (end < 0) break;
      const lines = data.subarray(0, end).toString("latin1").split("\r\n");
      data = data.subarray(end + HEAD_END.length);
      const [method = "", target = ""] = (lines[0] ?? "").split(" ");
      const headers = new Map<string, string>();
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(":");
        if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
      }
      const range = /^bytes=(\d+)-(\d+)$/.exec(headers.get("range") ?? "");
      heads.push({ method, target, range: range === null ? undefined : { start: Number(range[1]), end: Number(range[2]) + 1 } });
      if (/chunked/i.test(headers.get("transfer-encoding") ?? "")) {
        this.#opaque = true;
        return heads;
      }
      this.#bodyLeft = Number(headers.get("content-length") ?? 0) || 0;
    }
    this.#buffer = Buffer.from(data);
    if (this.#buffer.length > MAX_HEAD_BYTES) this.#opaque = true;
    return heads;
  }
}

/** Counts the response bytes of the request in flight on one connection, head and body apart. */
class ResponseMeter {
  #request: ProxiedRequest | undefined;
  #head: Buffer = Buffer.alloc(0);
  #headDone = false;

  /** The request whose response comes next (clients here do not pipeline). */
  expect(request: ProxiedRequest): void {
    this.#request = request;
    this.#head = Buffer.alloc(0);
    this.#headDone = false;
  }

  /** The request in flight, if any. */
  get request(): ProxiedRequest | undefined {
    return this.#request;
  }

  /** Accounts for response bytes delivered to the client. */
  delivered(bytes: Buffer): void {
    const request = this.#request;
    if (request === undefined || bytes.length === 0) return;
    request.responseBytes += bytes.length;
    if (this.#headDone) {
      request.bodyBytes += bytes.length;
      return;
    }
    const seen = Buffer.concat([this.#head, bytes]);
    const end = seen.indexOf(HEAD_END);
    if (end < 0) {
      this.#head = seen.length > MAX_HEAD_BYTES ? seen.subarray(seen.length - 3) : seen;
      return;
    }
    this.#headDone = true;
    request.bodyBytes += seen.length - (end + HEAD_END.length);
  }
}

/** A small seeded pseudo-random generator (mulberry32): uniform draws in `[0, 1)`. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The raw bytes of an error answer to a request of `method`, closing the connection. */
function statusAnswerBytes(answer: StatusAnswer, method: string): Buffer {
  const body = Buffer.from(answer.body, "utf8");
  const head =
    `HTTP/1.1 ${answer.status} ${answer.reason}\r\n` +
    `Content-Type: ${answer.contentType}\r\n` +
    `Content-Length: ${body.length}\r\n` +
    `Date: ${new Date().toUTCString()}\r\n` +
    `x-amz-request-id: FAULTPROXY0000001\r\n` +
    `Connection: close\r\n\r\n`;
  return method === "HEAD" ? Buffer.from(head, "latin1") : Buffer.concat([Buffer.from(head, "latin1"), body]);
}

/**
 * A real TCP proxy on loopback in front of a test server, which can break the connections that
 * go through it: reset them (TCP RST) after some response bytes, stall them (forward the
 * request, never a response byte), answer their first request with a real HTTP error status
 * (`503 Service Unavailable` with a store's error document and `Connection: close`) instead of
 * forwarding it, or — in {@link chaos} mode — do either at random, per request, with seeded
 * probabilities. Connections not armed with a fault pass through untouched. It parses request
 * heads (never changing them) to log every request with its `Range`, what happened to it and
 * how many response bytes it got.
 */
export class FaultProxy {
  /** Connections accepted so far. */
  connections = 0;
  /** Response bytes forwarded to clients so far. */
  bytesToClients = 0;
  /** Faults actually injected so far. */
  readonly injected: InjectedFaults = { resets: 0, stalls: 0, statuses: 0 };
  /** Every request seen so far, in arrival order. */
  readonly requests: ProxiedRequest[] = [];
  readonly #server: Server;
  readonly #faults: Fault[] = [];
  readonly #sockets = new Set<Socket>();
  #always: Fault | undefined;
  #chaos: { readonly options: ChaosOptions; readonly random: () => number } | undefined;

  private constructor(server: Server) {
    this.#server = server;
  }

  /**
   * Starts a proxy to `target` on a free loopback port.
   * @param target - `http://127.0.0.1:9000` (the path is ignored)
   */
  static async start(target: string): Promise<FaultProxy> {
    const { hostname, port } = new URL(target);
    const server = createServer();
    const proxy = new FaultProxy(server);
    server.on("connection", (client) => proxy.accept(client, hostname, Number(port)));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  /** `http://127.0.0.1:<port>`. */
  get url(): string {
    const address = this.#server.address();
    if (address === null || typeof address === "string") throw new Error("proxy not listening");
    return `http://127.0.0.1:${address.port}`;
  }

  /** The next `count` new connections are reset after `afterBytes` response bytes each. */
  resetNext(count: number, afterBytes: number): void {
    for (let i = 0; i < count; i++) this.#faults.push({ kind: "reset", afterBytes });
  }

  /** The next `count` new connections never receive a response byte. */
  stallNext(count: number): void {
    for (let i = 0; i < count; i++) this.#faults.push({ kind: "stall" });
  }

  /**
   * The first request of each of the next `count` new connections is answered by the proxy
   * with `answer` (a real HTTP/1.1 response with `Connection: close`, then the connection is
   * closed) instead of being forwarded.
   *
   * @param count - connections to answer
   * @param answer - the error answer @defaultValue {@link S3_SLOW_DOWN}
   */
  failNext(count: number, answer: StatusAnswer = S3_SLOW_DOWN): void {
    for (let i = 0; i < count; i++) this.#faults.push({ kind: "status", answer });
  }

  /**
   * Until {@link heal}, every request on a new connection that no queued fault claims is, with
   * the given probabilities drawn from a generator seeded with `seed`: answered with an error
   * status (the connection then closes), forwarded and reset after a random number of response
   * bytes, or forwarded untouched (the connection stays open for the next request). Connections
   * already open are not affected: call {@link dropConnections} to make clients reconnect.
   *
   * @param options - seed, probabilities and the error answer
   */
  chaos(options: ChaosOptions): void {
    if (!(options.resetProbability >= 0 && options.statusProbability >= 0 && options.resetProbability + options.statusProbability <= 1)) {
      throw new RangeError(`chaos: probabilities must be >= 0 and sum to at most 1, got ${options.resetProbability} and ${options.statusProbability}`);
    }
    this.#chaos = { options, random: seededRandom(options.seed) };
  }

  /** Every new connection is reset after `afterBytes` response bytes, until {@link heal}. */
  resetAll(afterBytes: number): void {
    this.#always = { kind: "reset", afterBytes };
  }

  /** Closes the open (kept-alive) connections, so that the next request opens a new one. */
  dropConnections(): void {
    for (const socket of this.#sockets) socket.destroy();
  }

  /** Stops injecting faults (chaos included) and drops open connections, so clients reconnect cleanly. */
  heal(): void {
    this.#faults.length = 0;
    this.#always = undefined;
    this.#chaos = undefined;
    this.dropConnections();
  }

  /** Stops listening and closes every connection. */
  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  private accept(client: Socket, host: string, port: number): void {
    this.connections++;
    const connection = this.connections;
    const fault = this.#faults.shift() ?? this.#always;
    if (fault?.kind === "status") {
      this.answerFirstRequest(client, connection, fault.answer);
      return;
    }
    if (fault === undefined && this.#chaos !== undefined) {
      this.chaosConnection(client, connection, host, port, this.#chaos);
      return;
    }
    const upstream = this.connectUpstream(client, host, port);
    client.pipe(upstream);
    // Observation only: log the requests the pipe forwards.
    const parser = new RequestParser();
    const meter = new ResponseMeter();
    client.on("data", (chunk: Buffer) => {
      for (const head of parser.feed(chunk)) meter.expect(this.log(connection, head, "forwarded"));
    });
    if (fault?.kind === "stall") this.injected.stalls++;
    this.relayResponses(client, upstream, meter, {
      allowance: fault?.kind === "reset" ? fault.afterBytes : Number.POSITIVE_INFINITY,
      stopped: fault?.kind === "stall",
    });
  }

  /** Opens the connection to the server for `client`, each closing or failing with the other. */
  private connectUpstream(client: Socket, host: string, port: number): Socket {
    const upstream = connect(port, host);
    this.#sockets.add(client).add(upstream);
    client.on("close", () => {
      this.#sockets.delete(client);
      this.#sockets.delete(upstream);
    });
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
    upstream.on("close", () => client.end());
    return upstream;
  }

  /**
   * Relays the server's bytes to the client while `budget.allowance` lasts; when it runs out,
   * resets the connection (TCP RST after the bytes already written). Nothing is relayed once
   * `budget.stopped` (a stall, or an answer the proxy gave itself).
   */
  private relayResponses(client: Socket, upstream: Socket, meter: ResponseMeter, budget: { allowance: number; stopped: boolean }): void {
    upstream.on("data", (chunk: Buffer) => {
      if (budget.stopped || client.destroyed) return;
      const passed = chunk.subarray(0, Math.min(chunk.length, budget.allowance));
      budget.allowance -= passed.length;
      this.bytesToClients += passed.length;
      meter.delivered(passed);
      if (passed.length > 0) client.write(passed);
      if (budget.allowance <= 0) {
        budget.stopped = true;
        this.injected.resets++;
        if (meter.request !== undefined) meter.request.outcome = "reset";
        upstream.destroy();
        // Let the bytes already written leave before the RST.
        setImmediate(() => client.resetAndDestroy());
      }
    });
  }

  /** Logs a request. */
  private log(connection: number, head: RequestHead, outcome: ProxiedRequest["outcome"]): ProxiedRequest {
    const request: ProxiedRequest = { connection, method: head.method, target: head.target, range: head.range, outcome, responseBytes: 0, bodyBytes: 0 };
    this.requests.push(request);
    return request;
  }

  /** Answers the first request on `client` with `answer`, without ever contacting the server. */
  private answerFirstRequest(client: Socket, connection: number, answer: StatusAnswer): void {
    this.#sockets.add(client);
    client.on("close", () => this.#sockets.delete(client));
    client.on("error", () => client.destroy());
    const parser = new RequestParser();
    let answered = false;
    client.on("data", (chunk: Buffer) => {
      if (answered) return;
      const [head] = parser.feed(chunk);
      if (head === undefined) return;
      answered = true;
      this.respond(client, connection, head, answer);
    });
  }

  /** Sends an error answer to `head` and closes the connection. */
  private respond(client: Socket, connection: number, head: RequestHead, answer: StatusAnswer): void {
    const request = this.log(connection, head, "status");
    const bytes = statusAnswerBytes(answer, head.method);
    this.injected.statuses++;
    this.bytesToClients += bytes.length;
    const meter = new ResponseMeter();
    meter.expect(request);
    meter.delivered(bytes);
    client.end(bytes);
  }

  /** A connection on which each request may be answered with an error, reset or forwarded, at random. */
  private chaosConnection(
    client: Socket,
    connection: number,
    host: string,
    port: number,
    chaos: { readonly options: ChaosOptions; readonly random: () => number },
  ): void {
    const { options, random } = chaos;
    const upstream = this.connectUpstream(client, host, port);
    const parser = new RequestParser();
    const meter = new ResponseMeter();
    const budget = { allowance: Number.POSITIVE_INFINITY, stopped: false };
    client.on("data", (chunk: Buffer) => {
      if (budget.stopped) return;
      for (const head of parser.feed(chunk)) {
        const draw = random();
        if (draw < options.statusProbability) {
          budget.stopped = true;
          upstream.destroy();
          this.respond(client, connection, head, options.answer ?? S3_SLOW_DOWN);
          return;
        }
        meter.expect(this.log(connection, head, "forwarded"));
        budget.allowance = draw < options.statusProbability + options.resetProbability
          ? Math.floor(random() * options.maxResetAfterBytes)
          : Number.POSITIVE_INFINITY;
      }
      upstream.write(chunk);
    });
    this.relayResponses(client, upstream, meter, budget);
  }
}
