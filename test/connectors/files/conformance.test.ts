// TextFileSource under the testkit: random files × random schedules of splits, checkpoints and
// resumes must give exactly the reference records; a many-file parallel read; the tracker.
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FileEntry } from "../../../connectors/files/FileEntry.js";
import { FileSetRange } from "../../../connectors/files/FileSetRange.js";
import { FileSetRangeTracker } from "../../../connectors/files/FileSetRangeTracker.js";
import { fileSetRangeCoder } from "../../../connectors/files/fileSetRangeCoder.js";
import { TextFileSource } from "../../../connectors/files/TextFileSource.js";
import { OffsetRange } from "../../../src/restrictions/OffsetRange.js";
import { LocalRunner } from "../../../src/runner/LocalRunner.js";
import { checkSourceConformance, checkTrackerConformance } from "../../../testkit/index.js";
import { expectConformance } from "../../../testkit/vitest.js";
import { referenceSplit, sorted, useTempDirs, writeFixture } from "./fixtures.js";

const tempDir = useTempDirs();
const SEED = 424242;
const RUNS_PER_FILE = 120;

/** One generated text file and how to read it. */
interface GeneratedFile {
  readonly text: string;
  readonly delimiter: string | undefined;
  readonly desiredSplitSize: number;
  readonly chunkSize: number;
}

/** Record text: any well-formed Unicode, without the characters a delimiter is made of. */
const recordText = (forbidden: RegExp) =>
  fc
    .string({ unit: "binary", maxLength: 8 })
    .map((s) => s.replace(forbidden, ""))
    .filter((s) => Buffer.from(s, "utf8").toString("utf8") === s); // no lone surrogates

/** Lines joined by random \n or \r\n, with or without a trailing delimiter. */
const lineFile = (trailing: boolean): fc.Arbitrary<GeneratedFile> =>
  fc
  .record({
    lines: fc.array(fc.oneof(fc.constant(""), recordText(/[\r\n]/g)), { minLength: 5, maxLength: 16 }),
    crlf: fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
    desiredSplitSize: fc.integer({ min: 3, max: 16 }),
    chunkSize: fc.integer({ min: 4, max: 32 }),
  })
  .map(({ lines, crlf, desiredSplitSize, chunkSize }) => {
    let text = "";
    lines.forEach((line, i) => {
      text += line;
      if (i < lines.length - 1 || trailing) text += crlf[i] ? "\r\n" : "\n";
    });
    return { text, delimiter: undefined, desiredSplitSize, chunkSize };
  });

/** Records joined by a custom delimiter (records may hold \n and \r). */
const customFile = (delimiter: string, forbidden: RegExp): fc.Arbitrary<GeneratedFile> =>
  fc
    .record({
      records: fc.array(fc.oneof(fc.constant(""), recordText(forbidden)), { minLength: 5, maxLength: 16 }),
      trailing: fc.boolean(),
      desiredSplitSize: fc.integer({ min: 3, max: 16 }),
      chunkSize: fc.integer({ min: 4, max: 32 }),
    })
    .map(({ records, trailing, desiredSplitSize, chunkSize }) => ({
      text: records.join(delimiter) + (trailing ? delimiter : ""),
      delimiter,
      desiredSplitSize,
      chunkSize,
    }));

// Fixed samples: 5 line files, one "<>" file, one "→" file (the testkit varies the schedules).
const lineFiles = [
  ...fc.sample(lineFile(true), { seed: SEED, numRuns: 3 }),
  ...fc.sample(lineFile(false), { seed: SEED + 3, numRuns: 2 }),
];
const customFiles = [
  ...fc.sample(customFile("<>", /[<>]/g), { seed: SEED + 1, numRuns: 1 }),
  ...fc.sample(customFile("→", /→/g), { seed: SEED + 2, numRuns: 1 }),
];

describe("TextFileSource conformance over generated files", () => {
  [...lineFiles, ...customFiles].forEach((file, index) => {
    const label = `file ${index} (${Buffer.byteLength(file.text)} bytes, delimiter ${JSON.stringify(file.delimiter ?? "default")}, split ${file.desiredSplitSize}, chunk ${file.chunkSize})`;
    it(`${label}: ${RUNS_PER_FILE} schedules give the reference records`, async () => {
      const path = writeFixture(tempDir(), `gen-${index}.txt`, file.text);
      const expected = referenceSplit(file.text, file.delimiter);
      const { desiredSplitSize, chunkSize, delimiter } = file;
      const report = await checkSourceConformance({
        sdf: () => new TextFileSource({ desiredSplitSize, chunkSize, ...(delimiter === undefined ? {} : { delimiter }) }),
        elements: [path],
        expected,
        numRuns: RUNS_PER_FILE,
        seed: SEED + index,
      });
      expectConformance(report, label);
      expect(report.runs).toBe(RUNS_PER_FILE);
    });
  });

  it("the generated files cover empty lines, \\r\\n, non-ASCII and both trailing variants", () => {
    const texts = lineFiles.map((f) => f.text);
    expect(texts.some((t) => t.includes("\r\n"))).toBe(true);
    expect(texts.some((t) => /\n(\r?\n)/.test(t) || t.startsWith("\n"))).toBe(true);
    expect(texts.some((t) => [...t].some((c) => c.codePointAt(0)! > 0x7f))).toBe(true);
    expect(lineFiles.some((f) => f.text.endsWith("\n"))).toBe(true);
    expect(lineFiles.some((f) => f.text.length > 0 && !f.text.endsWith("\n"))).toBe(true);
  });

  it("the harness is not vacuous: a missing record is reported", async () => {
    const path = writeFixture(tempDir(), "sanity.txt", "a\nb\nc\n");
    const report = await checkSourceConformance({
      sdf: () => new TextFileSource({ desiredSplitSize: 2, chunkSize: 4 }),
      elements: [path],
      expected: ["a", "b"],
      numRuns: 5,
      seed: SEED,
    });
    expect(report.ok).toBe(false);
  });

  it("a gzip file: 100 schedules give the reference records", async () => {
    const text = "gz one\r\ngz two\n\né😀\n日本\n" + "line\n".repeat(20) + "last";
    const path = writeFixture(tempDir(), "conf.txt.gz", gzipSync(Buffer.from(text)));
    const report = await checkSourceConformance({
      sdf: () => new TextFileSource({ desiredSplitSize: 5, chunkSize: 4 }),
      elements: [path],
      expected: referenceSplit(text),
      numRuns: 100,
      seed: SEED,
    });
    expectConformance(report, "gzip file");
  });

  it('a self-overlapping delimiter ("||", read unsplit): 50 schedules', async () => {
    const text = "a|||b||||c|x||";
    const path = writeFixture(tempDir(), "pipes.txt", text);
    const report = await checkSourceConformance({
      sdf: () => new TextFileSource({ delimiter: "||", desiredSplitSize: 3, chunkSize: 4 }),
      elements: [path],
      expected: referenceSplit(text, "||"),
      numRuns: 50,
      seed: SEED,
    });
    expectConformance(report, "self-overlapping delimiter");
  });

  it("a glob of plain, empty, gzip and header-carrying files in one restriction: 50 schedules", async () => {
    const dir = tempDir();
    writeFixture(dir, "a.txt", "h\na1\na2\r\n");
    writeFixture(dir, "b.txt", "");
    writeFixture(dir, "c.txt.gz", gzipSync(Buffer.from("h\nc1\nc2")));
    writeFixture(dir, "d.txt", "h\r\nd1\n\nd3");
    const report = await checkSourceConformance({
      sdf: () => new TextFileSource({ skipHeaderLines: 1, desiredSplitSize: 3, chunkSize: 4 }),
      elements: [join(dir, "*.txt*")],
      expected: ["a1", "a2", "c1", "c2", "d1", "", "d3"],
      numRuns: 50,
      seed: SEED,
    });
    expectConformance(report, "mixed glob");
  });
});

describe("TextFileSource: many files in parallel", () => {
  it("50 files × 200 lines through a glob, parallelism 4: exactly every line once", async () => {
    const dir = tempDir();
    const expected: string[] = [];
    for (let f = 0; f < 50; f++) {
      const lines = Array.from({ length: 200 }, (_, i) => `file ${f} line ${i} ${"é".repeat(i % 3)}`);
      expected.push(...lines);
      writeFixture(dir, `part-${String(f).padStart(2, "0")}.log`, lines.join(f % 2 === 0 ? "\n" : "\r\n") + (f % 3 === 0 ? "" : "\n"));
    }
    const got = await new LocalRunner({ parallelism: 4 }).collect(new TextFileSource({ desiredSplitSize: 1500, chunkSize: 700 }), [join(dir, "part-*.log")]);
    expect(got.length).toBe(50 * 200);
    expect(sorted(got)).toEqual(sorted(expected));
  });
});

describe("FileSetRangeTracker conformance", () => {
  /** 1–3 files of 1–8 bytes laid end to end, and a sub-range of them. */
  const restrictions: fc.Arbitrary<FileSetRange> = fc
    .array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 3 })
    .chain((sizes) => {
      const total = sizes.reduce((a, b) => a + b, 0);
      let offset = 0;
      const files: FileEntry[] = sizes.map((size, i) => {
        const file: FileEntry = { uri: `/data/f${i}.txt`, size, version: `v${i}-${size}`, offset, compression: "none" };
        offset += size;
        return file;
      });
      return fc
        .tuple(fc.integer({ min: 0, max: total }), fc.integer({ min: 0, max: total }))
        .map(([a, b]) => new FileSetRange(files, new OffsetRange(Math.min(a, b), Math.max(a, b))));
    });

  it("passes checkTrackerConformance (claims, splits, checkpoints, progress, coder)", async () => {
    const report = await checkTrackerConformance({
      newTracker: (r: FileSetRange) => new FileSetRangeTracker(r),
      restrictions,
      positions: (r) => Array.from({ length: r.range.size() }, (_, i) => r.range.from + i),
      finish: Infinity,
      coder: fileSetRangeCoder,
      equals: (a, b) => String(a) === String(b),
      numRuns: 100,
      seed: SEED,
    });
    expectConformance(report, "FileSetRangeTracker");
  });

  it("a split keeps only the files each piece overlaps, and the coder round-trips them", () => {
    const files: FileEntry[] = [
      { uri: "/d/a", size: 4, version: "1", offset: 0, compression: "none" },
      { uri: "/d/b", size: 4, version: "2", offset: 4, compression: "gzip" },
    ];
    const tracker = new FileSetRangeTracker(new FileSetRange(files, new OffsetRange(0, 8)));
    expect(tracker.tryClaim(1)).toBe(true);
    const split = tracker.trySplit(0);
    expect(split).not.toBeNull();
    expect(split!.primary.files.map((f) => f.uri)).toEqual(["/d/a"]);
    expect(split!.residual.files.map((f) => f.uri)).toEqual(["/d/a", "/d/b"]);
    const decoded = fileSetRangeCoder.decode(fileSetRangeCoder.encode(split!.residual));
    expect(decoded.files).toEqual(split!.residual.files);
    expect(String(decoded)).toBe(String(split!.residual));
  });
});
