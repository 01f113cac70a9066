import { resolve } from "node:path";
import { InputAccessError } from "../../src/errors/InputAccessError.js";

const FILE_URI = /^file:\/\/([^/]*)(.*)$/is;

/**
 * Turns a bare path (absolute or relative) or a `file://` URI into an absolute local path.
 *
 * A `file://` URI's host MUST be empty or `localhost`. Its path is taken literally after
 * percent-decoding: `?` and `#` are part of the name, not a query or fragment (so globs such
 * as `file:///data/part-?.txt` keep working); a `%` that does not start a valid escape is kept.
 *
 * @param pathOrFileUri - `/abs/path`, `rel/path`, `file:///abs/path`
 * @returns the absolute path, normalized (`resolve`)
 * @throws {@link InputAccessError} for a `file://` URI with another host or no path
 * @example
 * ```ts
 * toLocalPath("file:///tmp/a%20b.txt"); // "/tmp/a b.txt"
 * ```
 */
export function toLocalPath(pathOrFileUri: string): string {
  return resolve(stripFileUri(pathOrFileUri));
}

/**
 * The path part of a `file://` URI, percent-decoded (see {@link toLocalPath}); a bare path is
 * returned unchanged, still relative if it was.
 *
 * @param pathOrFileUri - `rel/path`, `/abs/path` or `file:///abs/path`
 * @returns the path, not resolved
 * @throws {@link InputAccessError} for a `file://` URI with another host or no path
 */
export function stripFileUri(pathOrFileUri: string): string {
  const match = FILE_URI.exec(pathOrFileUri);
  if (match === null) return pathOrFileUri;
  const host = match[1] ?? "";
  const rest = match[2] ?? "";
  if ((host !== "" && host.toLowerCase() !== "localhost") || !rest.startsWith("/")) {
    throw new InputAccessError(
      `Expected a local file URI such as file:///abs/path, got ${pathOrFileUri}: ` +
        (rest.startsWith("/") ? `host "${host}" is not local` : "it names no absolute path"),
      { context: { input: pathOrFileUri } },
    );
  }
  return percentDecode(rest);
}

function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // A stray "%" (a file named "100%.txt"): decode the valid escapes only.
    return text.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}
