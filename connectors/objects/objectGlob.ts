import picomatch from "picomatch";

/** Wildcards in a key, as gsutil and the AWS CLI users know them: `*`, `**`, `?`, `[…]`. */
const GLOB_START = /[*?[]/;

/** How to list the keys a pattern may match, and how to test them. */
export interface KeyPattern {
  /** Whether the pattern has glob syntax; a plain key names one object or a prefix. */
  readonly isGlob: boolean;
  /** The longest literal prefix of every matching key: what to ask the listing API for. */
  readonly listPrefix: string;
  /** Whether a listed key matches (`*` stays within one `/`-separated segment, `**` crosses them). */
  readonly matches: (key: string) => boolean;
}

/**
 * Compiles a key pattern of an object URI (`logs/2026-*\/part-*.txt`) for listing: the literal
 * prefix goes to the server, the rest is matched here, the way `gsutil` and `s3 ls` users expect
 * (`*` within a segment, `**` across segments, `?` and `[…]`; dot files included; other characters are literal).
 *
 * @param keyPattern - the key part of the URI
 * @returns the prefix to list and the matcher
 */
export function compileKeyPattern(keyPattern: string): KeyPattern {
  const firstGlob = keyPattern.search(GLOB_START);
  if (firstGlob === -1) {
    return { isGlob: false, listPrefix: keyPattern, matches: (key) => key === keyPattern };
  }
  // Keys often hold ( ) ! + @ { }: they are literal here, not extglobs or braces.
  const isMatch = picomatch(keyPattern.replace(/[(){}!+@|$^]/g, "\\$&"), { dot: true, noextglob: true, nobrace: true });
  return { isGlob: true, listPrefix: keyPattern.slice(0, firstGlob), matches: (key) => isMatch(key) };
}
