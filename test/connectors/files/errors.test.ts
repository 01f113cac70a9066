// Bad input to the file sources: each a typed error naming the input, wrapped by LocalRunner
// in a WorkItemFailedError whose `cause` is the typed error.
import { appendFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { FileEntry } from "../../../connectors/files/FileEntry.js";
import { FileSetRange } from "../../../connectors/files/FileSetRange.js";
import { JsonLinesSource } from "../../../connectors/files/JsonLinesSource.js";
import { TextFileSource } from "../../../connectors/files/TextFileSource.js";
import { CorruptInputError } from "../../../src/errors/CorruptInputError.js";
import { InputAccessError } from "../../../src/errors/InputAccessError.js";
import { InputNotFoundError } from "../../../src/errors/InputNotFoundError.js";
import { InvalidOptionError } from "../../../src/errors/InvalidOptionError.js";
import { SdfError } from "../../../src/errors/SdfError.js";
import { SourceChangedError } from "../../../src/errors/SourceChangedError.js";
import { LocalRunner } from "../../../src/runner/LocalRunner.js";
import { failureCause, useTempDirs, writeFixture } from "./fixtures.js";

const tempDir = useTempDirs();
const runner = () => new LocalRunner({ parallelism: 1 });

/** The typed cause of a failed read, checked for its class, message and retriability. */
async function expectCause(read: Promise<unknown>, type: new (...args: never[]) => SdfError, ...mentions: string[]): Promise<SdfError> {
  const cause = await failureCause(read);
  expect(cause).toBeInstanceOf(type);
  const error = cause as SdfError;
  for (const text of mentions) expect(error.message).toContain(text);
  return error;
}

describe("file sources: bad input", () => {
  it("a missing file is an InputNotFoundError naming the path", async () => {
    const path = join(tempDir(), "missing.txt");
    const error = await expectCause(runner().collect(new TextFileSource(), [path]), InputNotFoundError, path);
    expect(error.retriable).toBe(false);
  });

  it("a glob matching nothing is an InputNotFoundError naming the pattern", async () => {
    const pattern = join(tempDir(), "nothing-*.txt");
    await expectCause(runner().collect(new TextFileSource(), [pattern]), InputNotFoundError, pattern);
  });

  it("a directory is an InputAccessError naming the path and suggesting a glob", async () => {
    const dir = join(tempDir(), "a-directory");
    mkdirSync(dir);
    const error = await expectCause(runner().collect(new TextFileSource(), [dir]), InputAccessError, dir);
    expect(error.message).toContain("glob");
  });

  it("an empty delimiter is an InvalidOptionError, at construction", () => {
    expect(() => new TextFileSource({ delimiter: "" })).toThrow(InvalidOptionError);
    expect(() => new JsonLinesSource({ delimiter: "" })).toThrow(InvalidOptionError);
  });

  it("other invalid options are InvalidOptionErrors at construction", () => {
    expect(() => new TextFileSource({ skipHeaderLines: -1 })).toThrow(InvalidOptionError);
    expect(() => new TextFileSource({ skipHeaderLines: 1.5 })).toThrow(InvalidOptionError);
    expect(() => new TextFileSource({ encoding: "latin1" as "utf8" })).toThrow(InvalidOptionError);
  });

  it("a truncated gzip file is a CorruptInputError naming the path", async () => {
    const full = gzipSync(Buffer.from("some line\n".repeat(100)));
    for (const cut of [1, 8, full.length - 4, full.length - 20]) {
      const path = writeFixture(tempDir(), `cut-${cut}.txt.gz`, full.subarray(0, cut));
      for (const chunkSize of [3, 1 << 20]) {
        const error = await expectCause(runner().collect(new TextFileSource({ chunkSize }), [path]), CorruptInputError, path);
        expect(error.retriable).toBe(false);
      }
    }
  });

  it("a corrupt zstd file is a CorruptInputError naming the path", async () => {
    const path = writeFixture(tempDir(), "bad.zst", Buffer.from("KLUv/SQykQEAenN0ZCBs", "base64"));
    await expectCause(runner().collect(new TextFileSource(), [path]), CorruptInputError, path);
  });

  it("a bad JSON line is a CorruptInputError naming the file and byte offset", async () => {
    const content = '{"a":1}\n[1,2\n';
    const path = writeFixture(tempDir(), "bad.jsonl", content);
    await expectCause(runner().collect(new JsonLinesSource(), [path]), CorruptInputError, path, `at byte ${content.indexOf("[1,2")}`);
  });

  it("a file that changes while being read is a SourceChangedError naming the path", async () => {
    const path = writeFixture(tempDir(), "changing.txt", "line 1\nline 2\nline 3\nline 4\n");
    /** Appends to the file when the first record is parsed: later chunks see another version. */
    class ChangingSource extends TextFileSource {
      private changed = false;
      protected override parse(text: string): string {
        if (!this.changed) {
          this.changed = true;
          appendFileSync(path, "appended\n");
        }
        return text;
      }
    }
    await expectCause(runner().collect(new ChangingSource({ chunkSize: 4 }), [path]), SourceChangedError, path);
  });

  it("a file that changes between listing and reading is a SourceChangedError naming the path", async () => {
    const path = writeFixture(tempDir(), "relisted.txt", "a\nb\n");
    class ChangedAfterListing extends TextFileSource {
      override async initialRestriction(pattern: string) {
        const restriction = await super.initialRestriction(pattern);
        appendFileSync(path, "c\n");
        return restriction;
      }
    }
    await expectCause(runner().collect(new ChangedAfterListing(), [path]), SourceChangedError, path);
  });

  it("a changed gzip file is a SourceChangedError too, not a decompression error", async () => {
    const path = writeFixture(tempDir(), "changing.txt.gz", gzipSync(Buffer.from("x\n".repeat(50))));
    class ChangingGzip extends TextFileSource {
      private changed = false;
      protected override parse(text: string): string {
        if (!this.changed) {
          this.changed = true;
          appendFileSync(path, "garbage");
        }
        return text;
      }
    }
    await expectCause(runner().collect(new ChangingGzip({ chunkSize: 2 }), [path]), SourceChangedError, path);
  });

  it("the file entry of a restriction pins the version seen at listing", async () => {
    const path = writeFixture(tempDir(), "pinned.txt", "a\n");
    const restriction = await new TextFileSource().initialRestriction(path);
    expect(restriction).toBeInstanceOf(FileSetRange);
    const file = (restriction as FileSetRange).files[0] as FileEntry;
    expect(file.uri).toBe(path);
    expect(file.size).toBe(2);
    expect(typeof file.version).toBe("string");
  });
});
