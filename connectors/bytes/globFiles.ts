import { readdir as nativeReaddir, type Dirent } from "node:fs";
import { glob } from "tinyglobby";
import { fsError } from "./fsErrors.js";

/**
 * Expands an absolute glob to the regular files (and symbolic links to files) it matches:
 * absolute paths, sorted, hidden (dot) entries excluded unless the pattern names them.
 *
 * Unlike a plain `tinyglobby` call, a directory that cannot be listed (`EACCES`, `EIO`, …) is
 * an error naming it, not silently skipped. Directories that vanish during the walk
 * (`ENOENT`) just contribute nothing.
 *
 * @param pattern - an absolute glob such as `/data/2024-*.txt` or `/data/**` + `/*.csv`
 * @returns the matching files, sorted; `[]` if none
 * @throws {@link InputAccessError} or {@link TransientIoError} naming the directory that could not be listed
 * @example
 * ```ts
 * await globFiles("/data/part-*.txt"); // ["/data/part-0.txt", "/data/part-1.txt"]
 * ```
 */
export async function globFiles(pattern: string): Promise<string[]> {
  const failures: { path: string; error: unknown }[] = [];
  // fdir (under tinyglobby) suppresses readdir errors; observe them on the way through.
  const readdir = ((path: string, options: { withFileTypes: true }, callback: (error: NodeJS.ErrnoException | null, entries: Dirent[]) => void): void => {
    nativeReaddir(path, options, (error, entries) => {
      if (error !== null && error.code !== "ENOENT" && error.code !== "ENOTDIR") failures.push({ path, error });
      callback(error, entries);
    });
  }) as unknown as typeof nativeReaddir;
  const matches = await glob(pattern, {
    absolute: true,
    onlyFiles: true,
    dot: false,
    expandDirectories: false,
    fs: { readdir },
  });
  const failure = failures[0];
  if (failure !== undefined) {
    const error = fsError(failure.error, failure.path, "list");
    error.message = `While expanding ${pattern}: ${error.message}`;
    throw error;
  }
  return matches.sort();
}
