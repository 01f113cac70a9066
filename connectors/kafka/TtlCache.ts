/**
 * A small cache of values that go stale: a value is reused for `ttlMs` after it was loaded, and
 * concurrent loads of one key share a single call. Failed loads are not cached.
 *
 * @example
 * ```ts
 * const offsets = new TtlCache<string, Map<number, PartitionOffsets>>(250);
 * await offsets.get("events", () => loadOffsets("events"));   // loads
 * await offsets.get("events", () => loadOffsets("events"));   // within 250 ms: the same value
 * ```
 */
export class TtlCache<K, V> {
  /** Loaded or loading values, with when they were asked for. */
  readonly #entries = new Map<K, { readonly at: number; readonly value: Promise<V> }>();
  /** How long a value is reused, in ms. */
  readonly #ttlMs: number;
  /** The clock. */
  readonly #now: () => number;

  /**
   * @param ttlMs - how long a value is reused, in ms (0: only concurrent calls share a load)
   * @param now - the clock @defaultValue Date.now
   */
  constructor(ttlMs: number, now: () => number = Date.now) {
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  /**
   * The value of `key`: a fresh cached one, or what `load` gives.
   * @param key - the key
   * @param load - loads the value when none is fresh
   * @returns the value
   */
  get(key: K, load: () => Promise<V>): Promise<V> {
    const now = this.#now();
    const entry = this.#entries.get(key);
    if (entry !== undefined && now - entry.at <= this.#ttlMs) return entry.value;
    const value = load();
    const fresh = { at: now, value };
    this.#entries.set(key, fresh);
    value.catch(() => {
      if (this.#entries.get(key) === fresh) this.#entries.delete(key);
    });
    return value;
  }

  /**
   * Forgets `key`, so that the next {@link get} loads it.
   * @param key - the key
   */
  delete(key: K): void {
    this.#entries.delete(key);
  }

  /** Forgets everything. */
  clear(): void {
    this.#entries.clear();
  }
}
