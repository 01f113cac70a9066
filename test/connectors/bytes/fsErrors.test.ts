import { describe, expect, it } from "vitest";
import { fsError } from "../../../connectors/bytes/fsErrors.js";
import { InputAccessError } from "../../../src/errors/InputAccessError.js";
import { InputNotFoundError } from "../../../src/errors/InputNotFoundError.js";
import { OS_ERROR_CODES, type OsErrorCode } from "../../../src/errors/osErrorCodes.js";
import { SdfError } from "../../../src/errors/SdfError.js";
import { SourceChangedError } from "../../../src/errors/SourceChangedError.js";
import { TransientIoError } from "../../../src/errors/TransientIoError.js";

function osError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: something, open '/x'`), { code });
}

describe("fsError", () => {
  // Check: class and retriability per OS code; the message names the path, the code and the offset.
  it.each([
    ["ENOENT", InputNotFoundError, false],
    ["ENOTDIR", InputNotFoundError, false],
    ["EISDIR", InputAccessError, false],
    ["EACCES", InputAccessError, false],
    ["EPERM", InputAccessError, false],
    ["ELOOP", InputAccessError, false],
    ["EMFILE", TransientIoError, true],
    ["ENFILE", TransientIoError, true],
    ["EAGAIN", TransientIoError, true],
    ["EBUSY", TransientIoError, true],
    ["EIO", TransientIoError, true],
    ["EWHATEVER", InputAccessError, false],
  ] as const)("%s → %o", (code, type, retriable) => {
    const error = fsError(osError(code), "/data/a.txt", "read", 4096);
    expect(error).toBeInstanceOf(type);
    expect(error.retriable).toBe(retriable);
    expect(error.message).toContain("/data/a.txt");
    expect(error.message).toContain(code);
    expect(error.context).toEqual({ input: "/data/a.txt", position: "4096" });
    expect(error.cause).toBeInstanceOf(Error);
  });

  it("permission denied says what to do", () => {
    expect(fsError(osError("EACCES"), "/data/a.txt", "open").message).toBe(
      "Cannot open /data/a.txt: permission denied (EACCES); grant this user read permission on the file and its directories",
    );
  });

  it("offsets appear in read errors", () => {
    expect(fsError(osError("EIO"), "/d/a", "read", 12).message).toMatch(/^Transient I\/O error during read of \/d\/a at byte offset 12: I\/O error \(EIO\)/);
  });

  it("errors without a code keep their message", () => {
    expect(fsError(new Error("boom"), "/d/a", "open").message).toBe("Cannot open /d/a: boom");
  });

  it("every code of the shared OS table reads with its OS words; transient codes, and only they, are retriable", () => {
    for (const code of Object.keys(OS_ERROR_CODES) as OsErrorCode[]) {
      const error = fsError(osError(code), "/d/a", "open");
      // Check: the words come from the one table; retriability from its `transient`.
      expect(error.message, code).toContain(`${OS_ERROR_CODES[code].reason} (${code})`);
      expect(error.retriable, code).toBe(OS_ERROR_CODES[code].transient);
    }
  });

  it("a code named like an Object.prototype member is not mistaken for a listed one", () => {
    const error = fsError(osError("constructor"), "/d/a", "open");
    expect(error).toBeInstanceOf(InputAccessError);
    expect(error.message).toBe("Cannot open /d/a: constructor: something, open '/x' (constructor)");
  });

  it("SdfErrors pass through unchanged", () => {
    const original = new SourceChangedError("changed");
    expect(fsError(original, "/d/a", "read")).toBe(original);
    expect(fsError(original, "/d/a", "read")).toBeInstanceOf(SdfError);
  });
});
