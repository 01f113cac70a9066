import { InputNotFoundError } from "../../src/errors/InputNotFoundError.js";
import { UnsupportedSchemeError } from "../../src/errors/UnsupportedSchemeError.js";
import type { ByteSource, ByteSourceScheme } from "./ByteSource.js";
import { localFileScheme } from "./localFileScheme.js";

/** Registered backends by scheme name (lower case). */
const schemes = new Map<string, ByteSourceScheme>();

/**
 * Backends loaded on first use, by scheme name: the loader returns the scheme to register (or
 * registers it itself). `s3` and `gs` are here so that a user who reads `s3://…` imports nothing
 * more, and one who never does never loads a cloud SDK. The object stores export these factories
 * and never import the registry, so the dependency runs one way.
 */
const lazySchemes: Record<string, () => Promise<ByteSourceScheme | unknown>> = {
  s3: async () => (await import("../s3/s3Scheme.js")).s3Scheme(),
  gs: async () => (await import("../gcs/gcsScheme.js")).gcsScheme(),
};

/** Loads in progress or done, so concurrent opens load a backend once. */
const loading = new Map<string, Promise<unknown>>();

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/**
 * Registers a byte-source backend for each of its `schemes`. The last registration of a scheme
 * wins (so tests can substitute a fake).
 *
 * @param scheme - the backend
 * @example
 * ```ts
 * registerByteSourceScheme({ schemes: ["mem"], open: async (uri) => memSource(uri), expand: async (p) => [p] });
 * ```
 */
export function registerByteSourceScheme(scheme: ByteSourceScheme): void {
  for (const name of scheme.schemes) schemes.set(name.toLowerCase(), scheme);
}

/**
 * Registers a backend to load on first use of `scheme`. `load` returns the scheme to register, or
 * imports a module that calls {@link registerByteSourceScheme} for `scheme`; a failed load (a missing optional SDK) becomes an
 * {@link UnsupportedSchemeError} with the failure as `cause`, and is tried again next time.
 *
 * @param scheme - the scheme name, without `://`
 * @param load - loads the backend, e.g. `async () => (await import("./myScheme.js")).myScheme()`
 */
export function registerLazyByteSourceScheme(scheme: string, load: () => Promise<ByteSourceScheme | unknown>): void {
  lazySchemes[scheme.toLowerCase()] = load;
}

/**
 * The scheme of a URI, in lower case: `s3://b/k` → `"s3"`; a bare path (absolute or relative)
 * or a `file://` URI → `"file"`.
 *
 * @param uri - a URI or a bare path
 * @returns the scheme name, without `://`
 */
export function schemeOf(uri: string): string {
  const match = SCHEME.exec(uri);
  return match?.[1]?.toLowerCase() ?? "file";
}

/**
 * The schemes that can be opened now or after a lazy load, sorted.
 *
 * @returns scheme names, without `://`
 */
export function knownByteSourceSchemes(): string[] {
  return [...new Set([...schemes.keys(), ...Object.keys(lazySchemes)])].sort();
}

/**
 * Opens `uri` with the backend of its scheme, loading that backend first if it is lazy.
 *
 * @param uri - `/abs/path`, `rel/path`, `file:///abs/path`, `s3://bucket/key`, …
 * @param expectedVersion - when given, the version to pin; another version is a `SourceChangedError`
 * @returns the open source; close it when done
 * @throws {@link UnsupportedSchemeError} for a scheme no backend handles, listing the known ones
 * @throws whatever the backend's `open` throws (`InputNotFoundError`, `InputAccessError`, …)
 * @example
 * ```ts
 * const source = await openByteSource("file:///data/a.txt");
 * ```
 */
export async function openByteSource(uri: string, expectedVersion?: string): Promise<ByteSource> {
  const scheme = await schemeFor(uri);
  return scheme.open(uri, expectedVersion);
}

/**
 * Expands globs, prefixes and plain URIs to the inputs they name, each by its scheme's `expand`.
 * Results keep the order of `patterns` (each pattern's matches sorted); a URI named twice is kept
 * once, where it first appears.
 *
 * @param patterns - URIs and globs, e.g. `["data/*.txt", "s3://bucket/logs/"]`
 * @returns the URIs, without duplicates
 * @throws {@link InputNotFoundError} naming the first pattern that matches nothing
 * @throws {@link UnsupportedSchemeError} for a pattern of an unknown scheme
 * @example
 * ```ts
 * await expandInputs(["b.txt", "*.txt"]); // ["/abs/b.txt", "/abs/a.txt", "/abs/c.txt"]
 * ```
 */
export async function expandInputs(patterns: readonly string[]): Promise<string[]> {
  const expanded = await Promise.all(
    patterns.map(async (pattern) => {
      const matches = await (await schemeFor(pattern)).expand(pattern);
      if (matches.length === 0) {
        const hint = schemeOf(pattern) === "file"
          ? `globs are resolved against the working directory ${process.cwd()}; hidden files need an explicit .name`
          : "object globs match keys: * stays within one /-separated segment, ** crosses them";
        throw new InputNotFoundError(`No input matches ${pattern}; check the pattern (${hint})`, { context: { input: pattern } });
      }
      return matches;
    }),
  );
  return [...new Set(expanded.flat())];
}

async function schemeFor(uri: string): Promise<ByteSourceScheme> {
  const name = schemeOf(uri);
  const registered = schemes.get(name);
  if (registered !== undefined) return registered;
  const load = lazySchemes[name];
  if (load !== undefined) {
    let pending = loading.get(name);
    if (pending === undefined) {
      pending = load();
      loading.set(name, pending);
    }
    try {
      const scheme = await pending;
      if (isByteSourceScheme(scheme) && !schemes.has(name)) registerByteSourceScheme(scheme);
    } catch (error) {
      loading.delete(name);
      const reason = error instanceof Error ? error.message : String(error);
      throw new UnsupportedSchemeError(`Cannot read ${uri}: loading support for "${name}" failed: ${reason}`, {
        cause: error,
        context: { input: uri },
      });
    }
    const loaded = schemes.get(name);
    if (loaded !== undefined) return loaded;
    throw new UnsupportedSchemeError(`Cannot read ${uri}: the module loaded for "${name}" did not register it (a bug in that connector)`, {
      context: { input: uri },
    });
  }
  const known = knownByteSourceSchemes().map((s) => (s === "file" ? "file (also bare paths)" : s));
  throw new UnsupportedSchemeError(`Unknown scheme "${name}" in ${uri}: known schemes are ${known.join(", ")}`, {
    context: { input: uri },
  });
}

function isByteSourceScheme(value: unknown): value is ByteSourceScheme {
  return typeof value === "object" && value !== null && Array.isArray((value as { schemes?: unknown }).schemes)
    && typeof (value as { open?: unknown }).open === "function";
}

registerByteSourceScheme(localFileScheme);
