import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileKeyPattern } from "../../../connectors/objects/objectGlob.js";
import { formatObjectUri, parseObjectUri } from "../../../connectors/objects/objectUri.js";
import { InvalidOptionError } from "../../../src/errors/InvalidOptionError.js";

describe("parseObjectUri", () => {
  it.each([
    ["s3://bucket/dir/a.txt", "s3", "bucket", "dir/a.txt"],
    ["gs://bucket/dir/a.txt", "gs", "bucket", "dir/a.txt"],
    ["s3://bucket", "s3", "bucket", ""],
    ["s3://bucket/", "s3", "bucket", ""],
    ["gs://bucket/dir/", "gs", "bucket", "dir/"],
    ["s3://bucket/a b%20c", "s3", "bucket", "a b%20c"],
    ["s3://bucket/100%/x?y#z", "s3", "bucket", "100%/x?y#z"],
    ["s3://bucket//double//slash", "s3", "bucket", "/double//slash"],
    ["S3://bucket/Key", "s3", "bucket", "Key"],
    ["Gs://bucket/k", "gs", "bucket", "k"],
  ])("%s", (uri, scheme, bucket, key) => {
    expect(parseObjectUri(uri, scheme)).toEqual({ bucket, key });
  });

  it.each([
    ["s3://", "s3", /Expected a bucket name in s3:\/\//],
    ["s3:///key", "s3", /Expected a bucket name in s3:\/\/\/key, as in s3:\/\/my-bucket/],
    ["gs://bucket/k", "s3", /Expected a s3:\/\/bucket\/key URI, got gs:\/\/bucket\/k/],
    ["s3:/bucket/k", "s3", /got s3:\/bucket\/k/],
    ["bucket/k", "gs", /got bucket\/k/],
    ["", "gs", /Expected a gs:\/\/bucket\/key URI/],
  ])("rejects %j (expecting %s)", (uri, scheme, message) => {
    expect(() => parseObjectUri(uri, scheme)).toThrow(InvalidOptionError);
    expect(() => parseObjectUri(uri, scheme)).toThrow(message);
  });

  it("formatObjectUri joins bucket and key verbatim", () => {
    expect(formatObjectUri("s3", { bucket: "b", key: "a b%20c" })).toBe("s3://b/a b%20c");
    expect(formatObjectUri("gs", { bucket: "b", key: "" })).toBe("gs://b/");
    expect(formatObjectUri("gs", { bucket: "b", key: "dir/" })).toBe("gs://b/dir/");
  });

  it("parse(format(location)) is the location, for any bucket without '/' and any key", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("s3", "gs"),
        fc.string({ minLength: 1, maxLength: 20 }).filter((b) => !b.includes("/")),
        fc.string({ maxLength: 40 }),
        (scheme, bucket, key) => {
          expect(parseObjectUri(formatObjectUri(scheme, { bucket, key }), scheme)).toEqual({ bucket, key });
        },
      ),
    );
  });
});

describe("compileKeyPattern", () => {
  it.each([
    ["logs/2026-*/part-*.txt", "logs/2026-"],
    ["logs/**", "logs/"],
    ["**/*.txt", ""],
    ["*", ""],
    ["dir/a?.txt", "dir/a"],
    ["dir/part-[0-9].txt", "dir/part-"],
    ["dir/sub/*", "dir/sub/"],
  ])("%s lists prefix %j", (pattern, prefix) => {
    const compiled = compileKeyPattern(pattern);
    expect(compiled.isGlob).toBe(true);
    expect(compiled.listPrefix).toBe(prefix);
  });

  it("listing the prefix finds every key a glob matches", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("a", "b", "/", "-", "*", "**", "?", "[ab]", "{a,b}"), { maxLength: 8 }),
        fc.array(fc.constantFrom("a", "b", "/", ".", "-"), { maxLength: 10 }),
        (patternParts, keyParts) => {
          const pattern = patternParts.join("");
          const key = keyParts.join("");
          const compiled = compileKeyPattern(pattern);
          if (!compiled.matches(key) || key.startsWith(compiled.listPrefix)) return;
          // The one exception: picomatch lets `x/**` match `x` itself, which is not under `x/`
          // and so rightly not listed.
          expect(pattern.endsWith("/**")).toBe(true);
          expect(`${key}/`).toBe(compiled.listPrefix);
        },
      ),
    );
  });

  it("* stays within one segment", () => {
    const { matches } = compileKeyPattern("logs/*.txt");
    expect(matches("logs/a.txt")).toBe(true);
    expect(matches("logs/.txt")).toBe(true);
    expect(matches("logs/sub/a.txt")).toBe(false);
    expect(matches("logs/a.txt.gz")).toBe(false);
    expect(matches("other/a.txt")).toBe(false);
  });

  it("** crosses segments, including none", () => {
    const { matches } = compileKeyPattern("logs/**/*.txt");
    expect(matches("logs/a.txt")).toBe(true);
    expect(matches("logs/x/a.txt")).toBe(true);
    expect(matches("logs/x/y/z/a.txt")).toBe(true);
    expect(matches("logs/x/a.csv")).toBe(false);
    expect(matches("logsx/a.txt")).toBe(false);
  });

  it("matches dot files and dot directories", () => {
    expect(compileKeyPattern("dir/*").matches("dir/.hidden")).toBe(true);
    expect(compileKeyPattern("**/*.txt").matches(".cache/x/.a.txt")).toBe(true);
  });

  it("? matches one character, not a /", () => {
    const { matches } = compileKeyPattern("a?c");
    expect(matches("abc")).toBe(true);
    expect(matches("ac")).toBe(false);
    expect(matches("abbc")).toBe(false);
    expect(matches("a/c")).toBe(false);
  });

  it("keeps ( ) ! + @ { } literal, as gsutil does, and supports [0-9] classes", () => {
    expect(compileKeyPattern("report (1).pdf")).toMatchObject({ isGlob: false, listPrefix: "report (1).pdf" });
    const literal = compileKeyPattern("img+(1)/{a,b}-*.png");
    expect(literal.listPrefix).toBe("img+(1)/{a,b}-");
    expect(literal.matches("img+(1)/{a,b}-x.png")).toBe(true);
    expect(literal.matches("img11/a-x.png")).toBe(false);
    expect(literal.matches("img+(1)/a-x.png")).toBe(false);
    const range = compileKeyPattern("part-[0-9].txt");
    expect(range.matches("part-7.txt")).toBe(true);
    expect(range.matches("part-x.txt")).toBe(false);
    expect(range.matches("part-10.txt")).toBe(false);
  });

  it("a plain key is not a glob and matches only itself", () => {
    for (const key of ["dir/a.txt", "dir/", "", "a b%20c.txt", "dir/file.v1.0-final"]) {
      const compiled = compileKeyPattern(key);
      expect(compiled).toMatchObject({ isGlob: false, listPrefix: key });
      expect(compiled.matches(key)).toBe(true);
      expect(compiled.matches(`${key}x`)).toBe(false);
      expect(compiled.matches(`x${key}`)).toBe(false);
      expect(compiled.matches(key.toUpperCase() === key ? `${key}/` : key.toUpperCase())).toBe(false);
    }
  });
});
