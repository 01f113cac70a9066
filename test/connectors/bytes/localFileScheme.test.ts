import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { localFileScheme } from "../../../connectors/bytes/localFileScheme.js";
import { InputAccessError } from "../../../src/errors/InputAccessError.js";
import { InputNotFoundError } from "../../../src/errors/InputNotFoundError.js";
import { bypassesPermissions, useTempDirs } from "./tempDir.js";

const tempDir = useTempDirs();

/** A tree: a/1.txt a/2.txt a/10.txt a/b.csv a/.hidden.txt a/sub/3.txt a/sub/deep/4.txt a/dir.txt/ */
function tree(): string {
  const root = tempDir();
  mkdirSync(join(root, "sub", "deep"), { recursive: true });
  mkdirSync(join(root, "dir.txt"));
  for (const name of ["2.txt", "10.txt", "1.txt", "b.csv", ".hidden.txt", "sub/3.txt", "sub/deep/4.txt"]) {
    writeFileSync(join(root, name), name);
  }
  return root;
}

describe("localFileScheme.expand", () => {
  it("glob: only files, absolute, sorted, no hidden files", async () => {
    const root = tree();
    // Check: dir.txt (a directory) and .hidden.txt are not matched; order is by code unit.
    expect(await localFileScheme.expand(join(root, "*.txt"))).toEqual(["10.txt", "1.txt", "2.txt"].map((n) => join(root, n)).sort());
  });

  it("globstar walks subdirectories", async () => {
    const root = tree();
    expect(await localFileScheme.expand(join(root, "**/*.txt"))).toEqual(
      ["1.txt", "10.txt", "2.txt", "sub/3.txt", "sub/deep/4.txt"].map((n) => join(root, n)).sort(),
    );
  });

  it("brace and character-class globs", async () => {
    const root = tree();
    expect(await localFileScheme.expand(join(root, "{1,2}.txt"))).toEqual([join(root, "1.txt"), join(root, "2.txt")]);
    expect(await localFileScheme.expand(join(root, "[12].txt"))).toEqual([join(root, "1.txt"), join(root, "2.txt")]);
  });

  it("an explicit dot name still matches", async () => {
    const root = tree();
    expect(await localFileScheme.expand(join(root, ".hidden.*"))).toEqual([join(root, ".hidden.txt")]);
  });

  it("relative globs and file:// globs", async () => {
    const root = tree();
    const expected = [join(root, "sub", "3.txt")];
    expect(await localFileScheme.expand(relative(process.cwd(), join(root, "sub", "*.txt")))).toEqual(expected);
    expect(await localFileScheme.expand(`${pathToFileURL(join(root, "sub")).href}/*.txt`)).toEqual(expected);
  });

  it("a glob matching nothing expands to [] (expandInputs makes that an error)", async () => {
    expect(await localFileScheme.expand(join(tree(), "*.parquet"))).toEqual([]);
  });

  it("a plain file expands to its absolute path", async () => {
    const root = tree();
    expect(await localFileScheme.expand(relative(process.cwd(), join(root, "b.csv")))).toEqual([join(root, "b.csv")]);
  });

  it("a file whose name looks like a glob is taken literally", async () => {
    const root = tempDir();
    writeFileSync(join(root, "part[1].txt"), "x");
    writeFileSync(join(root, "part1.txt"), "y");
    expect(await localFileScheme.expand(join(root, "part[1].txt"))).toEqual([join(root, "part[1].txt")]);
  });

  it("symbolic links to files are matched like files", async () => {
    const root = tempDir();
    writeFileSync(join(root, "real.txt"), "x");
    symlinkSync(join(root, "real.txt"), join(root, "link.txt"));
    expect(await localFileScheme.expand(join(root, "*.txt"))).toEqual([join(root, "link.txt"), join(root, "real.txt")]);
  });

  it("a missing plain path → InputNotFoundError naming it", async () => {
    const path = join(tempDir(), "missing.txt");
    const error = await localFileScheme.expand(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputNotFoundError);
    expect((error as Error).message).toContain(path);
  });

  it("a directory → InputAccessError suggesting a glob", async () => {
    const root = tree();
    const error = await localFileScheme.expand(join(root, "sub")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputAccessError);
    expect((error as Error).message).toContain(`${join(root, "sub")}: is a directory; pass a glob such as ${join(root, "sub")}/**/*`);
  });

  it("an unlistable directory is an error, not silently skipped (root: it is listed)", async () => {
    const root = tree();
    chmodSync(join(root, "sub"), 0o000);
    try {
      const result = await localFileScheme.expand(join(root, "**/*.txt")).catch((e: unknown) => e);
      if (bypassesPermissions) {
        // Root reads directories regardless of mode bits; the EACCES path cannot be provoked here.
        expect(result).toContain(join(root, "sub", "3.txt"));
        return;
      }
      expect(result).toBeInstanceOf(InputAccessError);
      expect((result as Error).message).toContain(`While expanding ${join(root, "**/*.txt")}: Cannot list ${join(root, "sub")}`);
      expect((result as Error).message).toContain("EACCES");
    } finally {
      chmodSync(join(root, "sub"), 0o755);
    }
  });
});
