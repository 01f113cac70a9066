import { inspect } from "node:util";
import { vi } from "vitest";

/**
 * Every textual form of an error an operator or a log pipeline may see: `String(error)`, the
 * message and stack of each error on the cause chain, `util.inspect` to depth 10, and a JSON
 * walk over all own properties (enumerable or not) of everything reachable, to depth 10.
 */
export function errorTexts(error: unknown): string[] {
  const texts = [String(error), inspect(error, { depth: 10 }), deepJson(error)];
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current instanceof Error; depth++, current = current.cause) {
    texts.push(String(current), current.message, current.stack ?? "");
  }
  try {
    texts.push(JSON.stringify(error) ?? "");
  } catch {
    // Circular: deepJson covers it.
  }
  return texts;
}

/** JSON of everything reachable from `value` through own properties (also non-enumerable ones). */
export function deepJson(value: unknown): string {
  const seen = new WeakSet<object>();
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === "bigint" || typeof v === "symbol" || typeof v === "function") return String(v);
    if (typeof v !== "object" || v === null) return v;
    if (seen.has(v) || depth > 10) return "[seen]";
    seen.add(v);
    if (Buffer.isBuffer(v) || v instanceof Uint8Array) return Buffer.from(v).toString("latin1");
    const out: Record<string, unknown> = {};
    for (const key of Object.getOwnPropertyNames(v)) {
      let child: unknown;
      try {
        child = (v as Record<string, unknown>)[key];
      } catch {
        continue;
      }
      out[key] = walk(child, depth + 1);
    }
    return out;
  };
  return JSON.stringify(walk(value, 0));
}

/** Captures console output and writes to process.stdout/stderr (passing them through) while installed. */
export class OutputCapture {
  readonly lines: string[] = [];
  private readonly restores: (() => void)[] = [];

  install(): this {
    for (const method of ["log", "info", "warn", "error", "debug", "trace"] as const) {
      const spy = vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        this.lines.push(args.map((a) => (typeof a === "string" ? a : inspect(a, { depth: 10 }))).join(" "));
      });
      this.restores.push(() => spy.mockRestore());
    }
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream);
      const spy = vi.spyOn(stream, "write").mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
        this.lines.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
        return (original as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write);
      this.restores.push(() => spy.mockRestore());
    }
    return this;
  }

  uninstall(): void {
    for (const restore of this.restores.splice(0).reverse()) restore();
  }
}

/** The secrets found in `texts` (empty when none leaked). */
export function leaked(texts: readonly string[], secrets: readonly string[]): string[] {
  return secrets.filter((secret) => texts.some((text) => text.includes(secret)));
}
