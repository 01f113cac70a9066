import { ConformanceViolation } from "../ConformanceReport.js";

/**
 * Throws a `no-loss-no-duplicate` violation unless `actual` and `expected` hold the same
 * outputs the same number of times; the message lists what is missing and what is extra.
 * @internal
 */
export function compareOutputs<Out>(actual: readonly Out[], expected: readonly Out[], keyOf: (output: Out) => string): void {
  const counts = new Map<string, number>();
  for (const output of expected) {
    const key = keyOf(output);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const output of actual) {
    const key = keyOf(output);
    counts.set(key, (counts.get(key) ?? 0) - 1);
  }
  const missing: string[] = [];
  const extra: string[] = [];
  for (const [key, count] of counts) {
    if (count > 0) missing.push(count > 1 ? `${key} ×${count}` : key);
    if (count < 0) extra.push(-count > 1 ? `${key} ×${-count}` : key);
  }
  if (missing.length === 0 && extra.length === 0) return;
  const list = (keys: string[]): string => keys.slice(0, 5).join(", ") + (keys.length > 5 ? `, … (${keys.length} in all)` : "");
  const parts = [];
  if (missing.length > 0) parts.push(`lost ${list(missing)}`);
  if (extra.length > 0) parts.push(`duplicated or unexpected ${list(extra)}`);
  throw new ConformanceViolation(
    "no-loss-no-duplicate",
    `${actual.length} outputs instead of ${expected.length}: ${parts.join("; ")}`,
  );
}
