/**
 * Records packed column by column for crossing threads: typed arrays for numbers, bigints,
 * booleans and dates (transferred, not copied), one string plus end offsets for strings, and
 * structured-clone arrays for anything else. Cloning a batch of row objects costs the main
 * thread about a microsecond per row (every key of every object is serialized and parsed);
 * packed, the main thread only rebuilds the objects.
 * @internal
 */
export interface PackedRecords {
  kind: "records";
  keys: string[];
  count: number;
  columns: PackedColumn[];
}

/** One column of {@link PackedRecords}; `nulls[i] = 1` marks a null. @internal */
export type PackedColumn =
  | { kind: "number" | "date"; values: Float64Array; nulls: Uint8Array | null }
  | { kind: "bigint"; values: BigInt64Array; nulls: Uint8Array | null }
  | { kind: "boolean"; values: Uint8Array; nulls: Uint8Array | null }
  | { kind: "string"; text: string; ends: Uint32Array; nulls: Uint8Array | null }
  | { kind: "values"; values: unknown[] };

const MAX_KEYS = 256;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Packs `values` if they are plain objects with the same keys in the same order; null otherwise.
 * @internal
 */
export function packRecords(values: readonly unknown[]): PackedRecords | null {
  const first = values[0];
  if (!isPlainObject(first)) return null;
  const keys = Object.keys(first);
  // A "__proto__" key would set the prototype when the rows are rebuilt by assignment.
  if (keys.length === 0 || keys.length > MAX_KEYS || keys.includes("__proto__")) return null;
  for (const value of values) {
    if (!isPlainObject(value)) return null;
    let i = 0;
    for (const key in value) if (key !== keys[i++]) return null;
    if (i !== keys.length) return null;
  }
  const rows = values as readonly Record<string, unknown>[];
  return { kind: "records", keys, count: rows.length, columns: keys.map((key) => packColumn(rows, key)) };
}

/** The buffers of `packed` to transfer with it. @internal */
export function transferablesOf(packed: PackedRecords): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [];
  for (const column of packed.columns) {
    if (column.kind === "values") continue;
    buffers.push((column.kind === "string" ? column.ends : column.values).buffer as ArrayBuffer);
    if (column.nulls !== null) buffers.push(column.nulls.buffer as ArrayBuffer);
  }
  return buffers;
}

/** The records {@link packRecords} packed, as equal plain objects. @internal */
export function unpackRecords(packed: PackedRecords): Record<string, unknown>[] {
  const rows = new Array<Record<string, unknown>>(packed.count);
  for (let i = 0; i < packed.count; i++) rows[i] = {};
  packed.keys.forEach((key, c) => {
    const column = packed.columns[c]!;
    if (column.kind === "values") {
      for (let i = 0; i < packed.count; i++) rows[i]![key] = column.values[i];
      return;
    }
    const { nulls } = column;
    if (column.kind === "string") {
      let start = 0;
      for (let i = 0; i < packed.count; i++) {
        const end = column.ends[i]!;
        rows[i]![key] = nulls !== null && nulls[i] === 1 ? null : column.text.slice(start, end);
        start = end;
      }
      return;
    }
    for (let i = 0; i < packed.count; i++) {
      if (nulls !== null && nulls[i] === 1) {
        rows[i]![key] = null;
        continue;
      }
      const raw = column.values[i]!;
      rows[i]![key] = column.kind === "boolean" ? raw === 1 : column.kind === "date" ? new Date(raw as number) : raw;
    }
  });
  return rows;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

type Kind = PackedColumn["kind"];

/** The packed kind of a column: one of the typed kinds when every non-null value fits it. */
function kindOf(rows: readonly Record<string, unknown>[], key: string): { kind: Kind; hasNull: boolean } {
  let kind: Kind | null = null;
  let hasNull = false;
  for (const row of rows) {
    const value = row[key];
    if (value === null) {
      hasNull = true;
      continue;
    }
    const seen: Kind =
      typeof value === "number" ? "number"
      : typeof value === "string" ? "string"
      : typeof value === "boolean" ? "boolean"
      : typeof value === "bigint" && value >= INT64_MIN && value <= INT64_MAX ? "bigint"
      : value instanceof Date && Object.getPrototypeOf(value) === Date.prototype ? "date"
      : "values";
    if (seen === "values" || (kind !== null && kind !== seen)) return { kind: "values", hasNull };
    kind = seen;
  }
  return { kind: kind ?? "values", hasNull };
}

function packColumn(rows: readonly Record<string, unknown>[], key: string): PackedColumn {
  const { kind, hasNull } = kindOf(rows, key);
  const count = rows.length;
  if (kind === "values") return { kind, values: rows.map((row) => row[key]) };
  const nulls = hasNull ? new Uint8Array(count) : null;
  if (kind === "string") {
    const parts = new Array<string>(count);
    const ends = new Uint32Array(count);
    let end = 0;
    for (let i = 0; i < count; i++) {
      const value = rows[i]![key];
      if (value === null) {
        nulls![i] = 1;
        parts[i] = "";
      } else {
        parts[i] = value as string;
        end += (value as string).length;
      }
      ends[i] = end;
    }
    if (end > 0xffffffff) return { kind: "values", values: rows.map((row) => row[key]) };
    return { kind, text: parts.join(""), ends, nulls };
  }
  if (kind === "bigint") {
    const values = new BigInt64Array(count);
    for (let i = 0; i < count; i++) {
      const value = rows[i]![key];
      if (value === null) nulls![i] = 1;
      else values[i] = value as bigint;
    }
    return { kind, values, nulls };
  }
  if (kind === "boolean") {
    const values = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      const value = rows[i]![key];
      if (value === null) nulls![i] = 1;
      else values[i] = value === true ? 1 : 0;
    }
    return { kind, values, nulls };
  }
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const value = rows[i]![key];
    if (value === null) nulls![i] = 1;
    else values[i] = kind === "date" ? (value as Date).getTime() : (value as number);
  }
  return { kind, values, nulls };
}
