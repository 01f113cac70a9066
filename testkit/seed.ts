/**
 * The seed a check uses when none is given: `FC_SEED` from the environment, else a fixed
 * value, so CI runs are reproducible and a failure names its seed.
 * @internal
 */
export function defaultSeed(): number {
  const fromEnv = Number(process.env.FC_SEED);
  return Number.isSafeInteger(fromEnv) ? fromEnv : 20261125;
}

/** A printable form of any value, for counterexamples. @internal */
export function show(value: unknown): string {
  if (value instanceof Uint8Array) return `0x${Buffer.from(value).toString("hex")}`;
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "string") return JSON.stringify(value);
  if (value !== null && typeof value === "object") {
    const text = String(value);
    if (text !== "[object Object]") return text;
    try {
      return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v instanceof Uint8Array ? `0x${Buffer.from(v).toString("hex")}` : v));
    } catch {
      return text;
    }
  }
  return String(value);
}
