import { stat } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { escapePath, isDynamicPattern } from "tinyglobby";
import { InputAccessError } from "../../src/errors/InputAccessError.js";
import type { ByteSourceScheme } from "./ByteSource.js";
import { fsError } from "./fsErrors.js";
import { globFiles } from "./globFiles.js";
import { LocalFileByteSource } from "./LocalFileByteSource.js";
import { stripFileUri } from "./localPath.js";

/**
 * The `file` scheme: bare paths (absolute or relative) and `file://` URIs, opened as
 * {@link LocalFileByteSource}s.
 *
 * `expand(pattern)`:
 * - a path that exists as a file expands to its absolute path, even if it contains glob
 *   characters (a file really named `part[1].txt` is read, not globbed);
 * - otherwise a glob (`*`, `?`, `[…]`, `{a,b}`, `**`) expands with tinyglobby to the regular
 *   files it matches, absolute and sorted, hidden (dot) files excluded; `[]` when nothing matches
 *   (the registry's `expandInputs` turns that into an {@link InputNotFoundError});
 * - a missing plain path is an {@link InputNotFoundError}, a directory an {@link InputAccessError}
 *   that suggests a glob.
 *
 * @example
 * ```ts
 * await localFileScheme.expand("logs/2024-*.txt"); // ["/abs/logs/2024-01.txt", "/abs/logs/2024-02.txt"]
 * ```
 */
export const localFileScheme = {
  schemes: ["file"],
  open: (uri: string, expectedVersion?: string) => LocalFileByteSource.open(uri, expectedVersion),
  async expand(pattern: string): Promise<string[]> {
    const raw = stripFileUri(pattern);
    const path = resolve(raw);
    const found = await kindOf(path);
    if (found === "file") return [path];
    if (isDynamicPattern(raw)) {
      // Escape the working directory, which may itself contain glob characters.
      return globFiles(isAbsolute(raw) ? raw : join(escapePath(process.cwd()), raw));
    }
    if (found === "directory") {
      throw new InputAccessError(`Cannot read ${path}: is a directory; pass a glob such as ${path}/**/* to read the files in it`, {
        context: { input: path },
      });
    }
    // A FIFO or device: open() says exactly what is wrong with it.
    if (found === "other") return [path];
    throw fsError(found.missing, path, "stat");
  },
} satisfies ByteSourceScheme;

/** What is at `path`; a missing path (`ENOENT`, `ENOTDIR`) may still be a glob. */
async function kindOf(path: string): Promise<"file" | "directory" | "other" | { missing: unknown }> {
  try {
    const stats = await stat(path);
    return stats.isFile() ? "file" : stats.isDirectory() ? "directory" : "other";
  } catch (error) {
    const code = typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
    if (code === "ENOENT" || code === "ENOTDIR") return { missing: error };
    throw fsError(error, path, "stat");
  }
}
