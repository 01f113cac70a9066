import type { Admin, Kafka } from "kafkajs";

/** How long a replaced admin client stays connected for calls still using it, in ms. */
const RETIRED_ADMIN_MS = 30_000;

/**
 * The kafkajs admin client of a `KafkaLog`: connected on first use (again after a failed
 * connect), and renewable, because kafkajs keeps an admin's topic metadata for minutes and
 * so misses partitions added meanwhile. A replaced client is disconnected 30 s later, when
 * calls still using it are done.
 *
 * @example
 * ```ts
 * const offsets = await (await admins.get()).fetchTopicOffsets("events");
 * ```
 */
export class AdminConnection {
  /** The kafkajs client. */
  readonly #kafka: Kafka;
  /** Maps a connect failure to the error to throw. */
  readonly #connectError: (error: unknown) => Error;
  /** The current client, connected or connecting; undefined until asked for. */
  #current: Promise<Admin> | undefined;
  /** Replaced clients, disconnected shortly after. */
  readonly #retired = new Set<Promise<Admin>>();

  /**
   * @param kafka - the kafkajs client to make admin clients from
   * @param connectError - turns a connect failure into the error to throw
   */
  constructor(kafka: Kafka, connectError: (error: unknown) => Error) {
    this.#kafka = kafka;
    this.#connectError = connectError;
  }

  /**
   * The connected admin client.
   * @returns it, once connected
   * @throws what `connectError` makes of a failed connect
   */
  get(): Promise<Admin> {
    if (this.#current === undefined) {
      const admin = this.#kafka.admin();
      const connecting: Promise<Admin> = admin.connect().then(
        () => admin,
        (error: unknown) => {
          if (this.#current === connecting) this.#current = undefined;
          throw this.#connectError(error);
        },
      );
      this.#current = connecting;
    }
    return this.#current;
  }

  /** Makes the next {@link get} connect a new client, with fresh metadata. */
  renew(): void {
    const old = this.#current;
    this.#current = undefined;
    if (old === undefined) return;
    this.#retired.add(old);
    setTimeout(() => {
      if (this.#retired.delete(old)) void disconnect(old);
    }, RETIRED_ADMIN_MS).unref();
  }

  /** Disconnects every client. */
  async close(): Promise<void> {
    const all = [...this.#retired, ...(this.#current === undefined ? [] : [this.#current])];
    this.#current = undefined;
    this.#retired.clear();
    await Promise.all(all.map(disconnect));
  }
}

async function disconnect(admin: Promise<Admin>): Promise<void> {
  await admin.then((client) => client.disconnect()).catch(() => undefined);
}
