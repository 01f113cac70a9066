import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it, vi } from "vitest";
import type { ByteSource, ByteSourceScheme } from "../../../connectors/bytes/ByteSource.js";
import {
  expandInputs,
  knownByteSourceSchemes,
  openByteSource,
  registerByteSourceScheme,
  registerLazyByteSourceScheme,
  schemeOf,
} from "../../../connectors/bytes/index.js";
import { InputNotFoundError } from "../../../src/errors/InputNotFoundError.js";
import { UnsupportedSchemeError } from "../../../src/errors/UnsupportedSchemeError.js";
import { collect, concat, useTempDirs } from "./tempDir.js";

const tempDir = useTempDirs();

function fakeScheme(name: string): ByteSourceScheme {
  return {
    schemes: [name],
    open: async (uri: string): Promise<ByteSource> => ({
      uri,
      size: 0,
      version: "v1",
      read: () => ({ async *[Symbol.asyncIterator]() {} }),
      close: async () => undefined,
    }),
    expand: async (pattern: string) => (pattern.endsWith("/empty/") ? [] : [`${pattern}b`, `${pattern}a`]),
  };
}

describe("schemeOf", () => {
  it.each([
    ["/abs/path", "file"],
    ["rel/path.txt", "file"],
    ["./x:y", "file"],
    ["c:/not-a-scheme-without-slashes", "file"],
    ["file:///abs", "file"],
    ["FILE:///abs", "file"],
    ["s3://bucket/key", "s3"],
    ["gs://bucket/object", "gs"],
    ["S3://Bucket/key", "s3"],
  ])("%s → %s", (uri, scheme) => {
    expect(schemeOf(uri)).toBe(scheme);
  });
});

describe("openByteSource", () => {
  it("opens bare paths and file:// URIs", async () => {
    const path = join(tempDir(), "x.txt");
    writeFileSync(path, "hello");
    for (const uri of [path, pathToFileURL(path).href]) {
      const source = await openByteSource(uri);
      expect(source.uri).toBe(path);
      expect(concat(await collect(source.read(1, 4))).toString()).toBe("ell");
      await source.close();
    }
  });

  it("unknown scheme → UnsupportedSchemeError listing the known schemes", async () => {
    const error = await openByteSource("ftp://host/x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedSchemeError);
    expect((error as UnsupportedSchemeError).retriable).toBe(false);
    expect((error as Error).message).toMatch(/^Unknown scheme "ftp" in ftp:\/\/host\/x: known schemes are .*file \(also bare paths\)/);
    await expect(expandInputs(["ftp://host/*"])).rejects.toBeInstanceOf(UnsupportedSchemeError);
  });

  it("a registered scheme is used and listed", async () => {
    registerByteSourceScheme(fakeScheme("mem"));
    expect(knownByteSourceSchemes()).toContain("mem");
    expect((await openByteSource("mem://a")).version).toBe("v1");
    expect((await openByteSource("ftp://x").catch((e: unknown) => e)) as Error).toHaveProperty(
      "message",
      expect.stringContaining("file (also bare paths), gs, mem, s3"),
    );
  });

  it("s3 and gs are known from the start, loaded on first use", () => {
    expect(knownByteSourceSchemes()).toEqual(expect.arrayContaining(["file", "gs", "s3"]));
  });

  it("a lazy scheme loads once, on first use, even for concurrent opens", async () => {
    const load = vi.fn(async () => {
      await new Promise((r) => setTimeout(r, 5));
      registerByteSourceScheme(fakeScheme("lazy"));
    });
    registerLazyByteSourceScheme("lazy", load);
    expect(knownByteSourceSchemes()).toContain("lazy");
    expect(load).not.toHaveBeenCalled();
    const sources = await Promise.all([openByteSource("lazy://a"), openByteSource("lazy://b")]);
    expect(sources.map((s) => s.uri)).toEqual(["lazy://a", "lazy://b"]);
    await openByteSource("lazy://c");
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("a lazy scheme that fails to load → UnsupportedSchemeError with the cause, tried again next time", async () => {
    const cause = new Error("Cannot find package '@aws-sdk/client-s3'");
    const load = vi.fn(async () => {
      throw cause;
    });
    registerLazyByteSourceScheme("broken", load);
    const error = await openByteSource("broken://x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedSchemeError);
    expect((error as Error).message).toContain(`Cannot read broken://x: loading support for "broken" failed: ${cause.message}`);
    expect((error as Error).cause).toBe(cause);
    await openByteSource("broken://x").catch(() => undefined);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("a lazy module that does not register its scheme → UnsupportedSchemeError", async () => {
    registerLazyByteSourceScheme("forgetful", async () => undefined);
    await expect(openByteSource("forgetful://x")).rejects.toThrow(/did not register it/);
  });
});

describe("expandInputs", () => {
  it("keeps pattern order, sorts within a glob, removes duplicates keeping the first", async () => {
    const dir = tempDir();
    for (const n of ["c.txt", "a.txt", "b.txt"]) writeFileSync(join(dir, n), n);
    const result = await expandInputs([join(dir, "b.txt"), join(dir, "*.txt"), pathToFileURL(join(dir, "a.txt")).href]);
    expect(result).toEqual([join(dir, "b.txt"), join(dir, "a.txt"), join(dir, "c.txt")]);
  });

  it("a pattern matching nothing → InputNotFoundError naming it (nothing skipped)", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.txt"), "a");
    const pattern = join(dir, "*.csv");
    const error = await expandInputs([join(dir, "a.txt"), pattern]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputNotFoundError);
    expect((error as Error).message).toContain(`No input matches ${pattern}`);
    expect((error as InputNotFoundError).context.input).toBe(pattern);
  });

  it("uses each pattern's scheme", async () => {
    registerByteSourceScheme(fakeScheme("mem2"));
    expect(await expandInputs(["mem2://x/"])).toEqual(["mem2://x/b", "mem2://x/a"]);
    await expect(expandInputs(["mem2://x/empty/"])).rejects.toThrow(/No input matches mem2:\/\/x\/empty\//);
  });

  it("no patterns → no inputs", async () => {
    expect(await expandInputs([])).toEqual([]);
  });
});
