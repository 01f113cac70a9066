import { RestrictionCoderError } from "../../src/errors/RestrictionCoderError.js";
import { OffsetRange } from "../../src/restrictions/OffsetRange.js";
import type { RestrictionCoder } from "../../src/restrictions/coders/RestrictionCoder.js";
import { LogRestriction } from "./LogRestriction.js";

/** JSON coder for {@link LogRestriction}s in checkpoints; an open end is written as `null`. */
export const logRestrictionCoder: RestrictionCoder<LogRestriction> = {
  encode(restriction: LogRestriction): Uint8Array {
    const parts = restriction.parts.map((part) => [part.partition, part.range.from, part.range.to === Infinity ? null : part.range.to]);
    return new TextEncoder().encode(JSON.stringify({ v: 1, parts, discoverFrom: restriction.discoverFrom }));
  },
  decode(bytes: Uint8Array): LogRestriction {
    let parsed: { v?: unknown; parts?: unknown; discoverFrom?: unknown };
    try {
      parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)) as typeof parsed;
    } catch (cause) {
      throw new RestrictionCoderError("A log restriction in a checkpoint is not valid JSON: the checkpoint is corrupt.", { cause });
    }
    const { parts, discoverFrom } = parsed;
    const wellFormed =
      parsed.v === 1 &&
      Array.isArray(parts) &&
      parts.every((p) => Array.isArray(p) && p.length === 3 && typeof p[0] === "number" && typeof p[1] === "number" && (p[2] === null || typeof p[2] === "number")) &&
      (discoverFrom === null || typeof discoverFrom === "number");
    if (!wellFormed) {
      throw new RestrictionCoderError("A log restriction in a checkpoint is malformed: the checkpoint is corrupt or from another version.");
    }
    try {
      const decoded = (parts as [number, number, number | null][]).map(([partition, from, to]) => ({ partition, range: new OffsetRange(from, to ?? Infinity) }));
      return new LogRestriction(decoded, discoverFrom as number | null);
    } catch (cause) {
      throw new RestrictionCoderError(`A log restriction in a checkpoint is invalid: ${String(cause)}`, { cause });
    }
  },
};
