import { InvalidArgumentError } from "commander";

const UNITS: Record<string, number> = { "": 1, b: 1, k: 1024, kb: 1000, kib: 1024, m: 1024 ** 2, mb: 1e6, mib: 1024 ** 2, g: 1024 ** 3, gb: 1e9, gib: 1024 ** 3 };

/**
 * Parses a byte size for a command-line flag: `65536`, `64k`, `64KiB`, `1.5MB`, `1g`.
 *
 * @param text - the flag's value
 * @returns a whole number of bytes, at least 1
 * @throws `InvalidArgumentError` (a usage error) for anything else
 */
export function parseByteSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = UNITS[match?.[2]?.toLowerCase() ?? "?"];
  const bytes = match === null || unit === undefined ? Number.NaN : Math.round(Number(match[1]) * unit);
  if (!Number.isSafeInteger(bytes) || bytes < 1) throw new InvalidArgumentError(`Expected a size such as 65536, 64KiB or 16MB, got ${text}.`);
  return bytes;
}
