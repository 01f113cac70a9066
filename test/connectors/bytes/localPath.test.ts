import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { stripFileUri, toLocalPath } from "../../../connectors/bytes/localPath.js";
import { InputAccessError } from "../../../src/errors/InputAccessError.js";

describe("toLocalPath", () => {
  it.each([
    ["/abs/x.txt", "/abs/x.txt"],
    ["/abs/../abs/./x.txt", "/abs/x.txt"],
    ["file:///abs/x.txt", "/abs/x.txt"],
    ["file://localhost/abs/x.txt", "/abs/x.txt"],
    ["file:///abs/a%20b.txt", "/abs/a b.txt"],
    ["file:///abs/%E2%82%AC.txt", "/abs/€.txt"],
    ["file:///abs/100%.txt", "/abs/100%.txt"],
    ["file:///abs/100%-a%20b.txt", "/abs/100%-a b.txt"],
    ["file:///abs/q?.txt", "/abs/q?.txt"],
  ])("%s → %s", (input, expected) => {
    expect(toLocalPath(input)).toBe(expected);
  });

  it("resolves relative paths against the working directory", () => {
    expect(toLocalPath("a/b.txt")).toBe(resolve(process.cwd(), "a/b.txt"));
    expect(stripFileUri("a/b.txt")).toBe("a/b.txt");
  });

  it.each(["file://host/x", "file://", "file://localhost"])("rejects %s", (uri) => {
    expect(() => toLocalPath(uri)).toThrow(InputAccessError);
  });
});
