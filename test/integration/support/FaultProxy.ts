import { createServer, connect, type Server, type Socket } from "node:net";

/** A fault for the next connections through a {@link FaultProxy}. */
type Fault = { kind: "reset"; afterBytes: number } | { kind: "stall" };

/**
 * A real TCP proxy on loopback in front of a test server, which can break the connections that
 * go through it: reset them (TCP RST) after some response bytes, or stall them (forward the
 * request, never a response byte). Connections not armed with a fault pass through untouched.
 */
export class FaultProxy {
  /** Connections accepted so far. */
  connections = 0;
  /** Response bytes forwarded to clients so far. */
  bytesToClients = 0;
  readonly #server: Server;
  readonly #faults: Fault[] = [];
  readonly #sockets = new Set<Socket>();
  #always: Fault | undefined;

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

  /** Every new connection is reset after `afterBytes` response bytes, until {@link heal}. */
  resetAll(afterBytes: number): void {
    this.#always = { kind: "reset", afterBytes };
  }

  /** Closes the open (kept-alive) connections, so that the next request opens a new one. */
  dropConnections(): void {
    for (const socket of this.#sockets) socket.destroy();
  }

  /** Stops injecting faults and drops open connections, so clients reconnect cleanly. */
  heal(): void {
    this.#faults.length = 0;
    this.#always = undefined;
    this.dropConnections();
  }

  /** Stops listening and closes every connection. */
  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  private accept(client: Socket, host: string, port: number): void {
    this.connections++;
    const fault = this.#faults.shift() ?? this.#always;
    const upstream = connect(port, host);
    this.#sockets.add(client).add(upstream);
    const forget = (): void => {
      this.#sockets.delete(client);
      this.#sockets.delete(upstream);
    };
    client.on("close", forget);
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
    upstream.on("close", () => client.end());
    client.pipe(upstream);
    let allowance = fault?.kind === "reset" ? fault.afterBytes : Number.POSITIVE_INFINITY;
    upstream.on("data", (chunk: Buffer) => {
      if (fault?.kind === "stall" || client.destroyed) return;
      const passed = chunk.subarray(0, Math.min(chunk.length, allowance));
      allowance -= passed.length;
      this.bytesToClients += passed.length;
      if (passed.length > 0) client.write(passed);
      if (allowance <= 0) {
        upstream.destroy();
        // Let the bytes already written leave before the RST.
        setImmediate(() => client.resetAndDestroy());
      }
    });
  }
}
