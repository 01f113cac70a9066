import { createRequire } from "node:module";
import { deserialize, serialize } from "node:v8";

const require = createRequire(import.meta.url);

interface ProtoWriter {
  string(value: string): unknown;
  bytes(value: Uint8Array): unknown;
}
interface ProtoReader {
  pos: number;
  string(): string;
  bytes(): Uint8Array;
}
interface GeneralObjectCoder {
  encode(value: unknown, writer: ProtoWriter, context: unknown): void;
  decode(reader: ProtoReader, context: unknown): unknown;
}

/** The type marker sdfkit adds to `GeneralObjectCoder` for an object BSON cannot carry exactly. */
const STRUCTURED_MARKER = "V";
const MAX_DEPTH = 64;

/**
 * Whether BSON (what apache-beam encodes objects with) gives `value` back as it was: not when it
 * holds `-0` (read back as 0), a bigint (refused), an `undefined` field (dropped), bytes (read
 * back as a BSON `Binary`), a `Map` or a `Set` (read back as plain objects).
 */
function bsonKeepsExactly(value: unknown, depth = 0): boolean {
  if (depth > MAX_DEPTH) return true;
  switch (typeof value) {
    case "number":
      return !Object.is(value, -0);
    case "bigint":
    case "undefined":
      return false;
    case "object": {
      if (value === null || value instanceof Date) return true;
      if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof Map || value instanceof Set) return false;
      const children = Array.isArray(value) ? value : Object.values(value);
      return children.every((child: unknown) => bsonKeepsExactly(child, depth + 1));
    }
    default:
      return true;
  }
}

/**
 * **apache-beam 2.49.0 defect: objects change on their way through a shuffle.** The default
 * coder writes every object with BSON, which reads `-0` back as 0, drops `undefined` fields,
 * returns a `Buffer` as a BSON `Binary` object and a `Map` as a plain object, and refuses a
 * bigint — so a Kafka record with a `Buffer` value, or an object with a bigint offset, is not
 * what went in after a `groupBy`.
 *
 * The mend keeps BSON for every object it carries exactly (the common case, and a wire format
 * other workers of the same SDK read), and writes the others in Node's structured-clone format
 * (`node:v8` `serialize`) under a marker of their own. Grouping keys should stay plain data,
 * whose bytes are then BSON's as before.
 */
export function mendObjectCoder(): void {
  const coders = require("apache-beam/coders/js_coders") as { GeneralObjectCoder: { prototype: GeneralObjectCoder } };
  const general = coders.GeneralObjectCoder.prototype;
  const encodeGeneral = general.encode;
  const decodeGeneral = general.decode;
  general.encode = function encode(this: GeneralObjectCoder, value: unknown, writer: ProtoWriter, context: unknown): void {
    if (typeof value !== "object" || value === null || Array.isArray(value) || bsonKeepsExactly(value)) {
      return encodeGeneral.call(this, value, writer, context);
    }
    writer.string(STRUCTURED_MARKER);
    writer.bytes(serialize(value));
  };
  general.decode = function decode(this: GeneralObjectCoder, reader: ProtoReader, context: unknown): unknown {
    const start = reader.pos;
    if (reader.string() === STRUCTURED_MARKER) return deserialize(reader.bytes());
    reader.pos = start;
    return decodeGeneral.call(this, reader, context);
  };
}
