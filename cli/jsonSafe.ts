/**
 * A value `JSON.stringify` can print without losing or refusing anything a Parquet row holds:
 * a `bigint` becomes a number when it is safe and a decimal string otherwise, bytes become
 * base64 strings, a `Date` its ISO form; objects and arrays are converted deeply.
 *
 * @param value - a decoded record
 * @returns the JSON-safe form
 */
export function jsonSafe(value: unknown): unknown {
  if (typeof value === "bigint") {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64");
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value !== null && typeof value === "object") {
    const safe: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) safe[key] = jsonSafe(item);
    return safe;
  }
  return value;
}
