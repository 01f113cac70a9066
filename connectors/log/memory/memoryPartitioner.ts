/**
 * Kafka's murmur2 hash of a key (the 32-bit MurmurHash2 variant with seed `0x9747b28c` that the
 * Java client's `Utils.murmur2` and kafkajs's default partitioner compute), as a signed 32-bit
 * integer.
 *
 * @param data - the key bytes
 * @returns the hash, e.g. `murmur2(Buffer.from("21"))` is `-973932308`
 * @internal
 */
export function murmur2(data: Uint8Array): number {
  const m = 0x5bd1e995;
  const length = data.length;
  let h = (0x9747b28c ^ length) | 0;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = (data[i] as number) | ((data[i + 1] as number) << 8) | ((data[i + 2] as number) << 16) | ((data[i + 3] as number) << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  const rest = length & 3;
  if (rest === 3) h ^= (data[whole + 2] as number) << 16;
  if (rest >= 2) h ^= (data[whole + 1] as number) << 8;
  if (rest >= 1) h = Math.imul(h ^ (data[whole] as number), m);
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

/**
 * The partition Kafka's default partitioner gives a keyed record:
 * `(murmur2(key) & 0x7fffffff) % partitionCount`. The same key always lands in the same
 * partition while the partition count stays the same (adding partitions remaps keys, as in Kafka).
 *
 * @param key - the key bytes
 * @param partitionCount - partitions of the topic, `>= 1`
 * @returns a partition in `[0, partitionCount)`
 * @internal
 */
export function partitionForKey(key: Uint8Array, partitionCount: number): number {
  return (murmur2(key) & 0x7fffffff) % partitionCount;
}
