import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

interface ProtoWriter {
  string(value: string): unknown;
}
interface ProtoReader {
  string(): string;
}
interface InnerCoder {
  encode(value: unknown, writer: ProtoWriter, context: unknown): void;
  decode(reader: ProtoReader, context: unknown): unknown;
}
interface NumberOrFloatCoder {
  intCoder: InnerCoder;
  doubleCoder: InnerCoder;
}
interface GeneralObjectCoder {
  codersByType: Record<string, InnerCoder>;
  typeMarkers: Record<string, string>;
  markerToTypes: Record<string, string>;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
/** The type marker sdfkit adds to `GeneralObjectCoder` for a bigint (decimal text follows). */
const BIGINT_MARKER = "L";

/** Whether apache-beam's varint (protobuf `int32`) holds `value` exactly. */
function fitsInt32(value: number): boolean {
  return Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX && !Object.is(value, -0);
}

/**
 * **apache-beam 2.49.0 defect: numbers that are not 32-bit integers come back wrong after any
 * shuffle.** `NumberOrFloatCoder` (inside `GeneralObjectCoder`, the default coder of every
 * PCollection) writes every integral number as a protobuf `int32`: 3,000,000,000 decodes as
 * −1,294,967,296, 1,288,008,300,500 as −481,888,300; `-0`, `NaN` and `±Infinity` (for which
 * `x % 1` is falsy) all decode as 0. Offsets, ids and epoch-millisecond timestamps are silently
 * wrong after a `groupBy` or a combine. And a `bigint` cannot be encoded at all.
 *
 * The mend writes a number as `int32` only when `int32` holds it exactly, and as a double
 * otherwise (the coder's own `"f"` form, so its wire format is unchanged for what it already
 * encoded right), and gives `bigint` a marker of its own (decimal text), so every JavaScript
 * number and bigint round-trips exactly.
 */
export function mendNumberCoder(): void {
  const coders = require("apache-beam/coders/js_coders") as {
    GeneralObjectCoder: { prototype: GeneralObjectCoder & InnerCoder } & (new () => GeneralObjectCoder);
  };
  // NumberOrFloatCoder is not exported: reach its prototype through the coder that uses it.
  const numberCoder = new coders.GeneralObjectCoder().codersByType["number"] as unknown as { constructor: { prototype: NumberOrFloatCoder & InnerCoder } };
  numberCoder.constructor.prototype.encode = function encode(this: NumberOrFloatCoder, value: unknown, writer: ProtoWriter, context: unknown): void {
    if (typeof value === "number" && fitsInt32(value)) {
      writer.string("i");
      this.intCoder.encode(value, writer, context);
    } else {
      writer.string("f");
      this.doubleCoder.encode(value, writer, context);
    }
  };
  const general = coders.GeneralObjectCoder.prototype;
  const encodeGeneral = general.encode;
  const decodeGeneral = general.decode;
  general.encode = function encode(this: GeneralObjectCoder & InnerCoder, value: unknown, writer: ProtoWriter, context: unknown): void {
    if (typeof value !== "bigint") return encodeGeneral.call(this, value, writer, context);
    writer.string(BIGINT_MARKER);
    writer.string(value.toString());
  };
  general.decode = function decode(this: GeneralObjectCoder & InnerCoder, reader: ProtoReader, context: unknown): unknown {
    const start = (reader as unknown as { pos: number }).pos;
    if (reader.string() === BIGINT_MARKER) return BigInt(reader.string());
    (reader as unknown as { pos: number }).pos = start;
    return decodeGeneral.call(this, reader, context);
  };
}
