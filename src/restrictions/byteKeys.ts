/**
 * Helpers for byte keys: `Uint8Array`s ordered unsigned-lexicographically, as Beam's `ByteKey`.
 * The empty key is the smallest key; as the end of a range it means "no upper bound".
 */

/**
 * Compares two keys in unsigned lexicographic order; a proper prefix sorts first.
 *
 * @param a - a key
 * @param b - another key
 * @returns a negative number if `a < b`, 0 if the bytes are equal, a positive number if `a > b`
 * @example `compareKeys(Uint8Array.of(0x10), Uint8Array.of(0x10, 0x00))` → negative
 */
export function compareKeys(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const diff = (a[i] as number) - (b[i] as number);
    if (diff !== 0) return diff;
  }
  return a.length - b.length;
}

/**
 * The immediate successor of `key`: the same bytes followed by one `0x00`. No key lies strictly
 * between `key` and `nextKey(key)`, so `[k, nextKey(k))` holds exactly `k`.
 *
 * @param key - any key, possibly empty (then the result is `[00]`)
 * @returns a new array, one byte longer than `key`
 */
export function nextKey(key: Uint8Array): Uint8Array {
  const next = new Uint8Array(key.length + 1);
  next.set(key);
  return next;
}

/**
 * Whether `key` has no bytes: the smallest key, or "no upper bound" as a range end.
 *
 * @param key - a key
 * @returns `true` when `key.length === 0`
 */
export function isEmptyKey(key: Uint8Array): boolean {
  return key.length === 0;
}

/**
 * Whether two keys hold the same bytes.
 *
 * @param a - a key
 * @param b - another key
 * @returns `true` when the lengths and all bytes are equal
 */
export function keysEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && compareKeys(a, b) === 0;
}

/**
 * Lowercase hex of the key's bytes, for messages and logs; `""` for the empty key.
 *
 * @param key - a key
 * @returns two hex digits per byte, e.g. `"bf00"`
 */
export function keyToHex(key: Uint8Array): string {
  let hex = "";
  for (const byte of key) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/**
 * The key as Beam's `ByteKey.toString()` prints it: hex in brackets, so the empty key shows as `[]`.
 *
 * @param key - a key
 * @returns e.g. `"[bf00]"`
 */
export function formatKey(key: Uint8Array): string {
  return `[${keyToHex(key)}]`;
}
