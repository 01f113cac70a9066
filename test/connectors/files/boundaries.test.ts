// TextFileSource / JsonLinesSource at every boundary: tiny splits and chunks, CRLF, UTF-8,
// custom and self-overlapping delimiters, headers, globs, compression.
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { JsonLinesSource } from "../../../connectors/files/JsonLinesSource.js";
import { TextFileSource } from "../../../connectors/files/TextFileSource.js";
import { CorruptInputError } from "../../../src/errors/CorruptInputError.js";
import { LocalRunner } from "../../../src/runner/LocalRunner.js";
import type { AnySplittableDoFn } from "../../../src/runner/LocalRunner.js";
import { expectEveryLayout, failureCause, referenceSplit, sorted, useTempDirs, writeFixture } from "./fixtures.js";

const tempDir = useTempDirs();

/** Writes one file and checks every layout against the reference splitter. */
async function checkText(content: string, options: { delimiter?: string; skipHeaderLines?: number } = {}, name = "data.txt"): Promise<void> {
  const path = writeFixture(tempDir(), name, content);
  const expected = referenceSplit(content, options.delimiter, options.skipHeaderLines ?? 0);
  await expectEveryLayout([path], options, expected);
}

/** `zstd -19` of "zstd line one\nzweite Zeile é\n日本語 😀\n\nlast" (made with the zstd CLI 1.5). */
const ZSTD_FIXTURE_BASE64 = "KLUv/SQykQEAenN0ZCBsaW5lIG9uZQp6d2VpdGUgWmVpbGUgw6kK5pel5pys6KqeIPCfmIAKCmxhc3Qbpy20";
const ZSTD_FIXTURE_TEXT = "zstd line one\nzweite Zeile é\n日本語 😀\n\nlast";

describe("reference splitter (sanity)", () => {
  it("splits left to right, keeps middle empties, drops only a trailing delimiter's empty record", () => {
    expect(referenceSplit("")).toEqual([]);
    expect(referenceSplit("\n\n\n")).toEqual(["", "", ""]);
    expect(referenceSplit("a\r\nb\n")).toEqual(["a", "b"]);
    expect(referenceSplit("a\nb\r")).toEqual(["a", "b\r"]);
    expect(referenceSplit("a|||b||||c", "||")).toEqual(["a", "|b", "", "c"]);
    expect(referenceSplit("h\nx\ny", undefined, 1)).toEqual(["x", "y"]);
  });
});

describe("TextFileSource: record and split boundaries", () => {
  it("records exactly at split points (every record 1, 2, 3 or 7 bytes long)", async () => {
    await checkText("a\nb\nc\nd\ne\n"); // 2-byte records: starts at every even offset
    await checkText("ab\ncd\nef\ngh\n"); // 3-byte records
    await checkText("abcdef\nghijkl\nmnopqr\n"); // 7-byte records
    await checkText("x\n".repeat(8) + "y"); // no trailing delimiter
  });

  it("a delimiter straddling a split point, records of mixed lengths", async () => {
    await checkText("abc\ndefgh\ni\n\njklmnop\nq");
    await checkText("\nleading empty\nthen\n");
  });

  it("CRLF straddling split and chunk boundaries", async () => {
    await checkText("a\r\nbb\r\nccc\r\n\r\nd\r\n");
    await checkText("\r\n\r\nx\r\ny\r\nzz");
    await checkText("mixed\nline\r\nends\n\r\nhere"); // \n and \r\n mixed
    await checkText("cr\rinside\r\nkept\r\r\n"); // a \r not before \n stays in the record
  });

  it("empty file: no records", async () => {
    await checkText("");
  });

  it('file of only delimiters: "\\n\\n\\n" → ["", "", ""]', async () => {
    const path = writeFixture(tempDir(), "nl.txt", "\n\n\n");
    await expectEveryLayout([path], {}, ["", "", ""]);
    await checkText("\r\n\r\n");
    await checkText("\n");
  });

  it("no trailing delimiter vs trailing delimiter", async () => {
    await checkText("one\ntwo\nthree");
    await checkText("one\ntwo\nthree\n");
    await checkText("one\r\ntwo\r\nthree\r\n");
    await checkText("single record, no delimiter at all");
  });

  it("a lone \\r at the very end (no \\n after it) is part of the last record", async () => {
    // Spec: only a \r *before a \n* is dropped; a left-to-right scan keeps this one.
    await checkText("a\nb\r");
  });

  it("multi-byte UTF-8 characters at chunk and split boundaries", async () => {
    await checkText("é\n日本\n😀\né😀日\n\n😀😀😀\nend");
    await checkText("aé\nbb日本\n😀x\r\n日\n😀\n");
    await checkText("😀".repeat(10) + "\n" + "é".repeat(7) + "\n" + "本".repeat(5));
  });

  it('custom multi-byte delimiter "<>"', async () => {
    await checkText("a<>bb<><>ccc<>d", { delimiter: "<>" });
    await checkText("<>x<>é<>日本<>😀<>", { delimiter: "<>" });
    await checkText("<<>>a<b>c<>", { delimiter: "<>" });
    await checkText("no delimiter\nhere", { delimiter: "<>" });
  });

  it('"\\r\\n" as an explicit delimiter: a lone \\n or \\r stays in the record', async () => {
    await checkText("a\r\nb\nc\r\r\nd", { delimiter: "\r\n" });
    await checkText("\r\n\r\n\n\r\r\n", { delimiter: "\r\n" });
  });

  it("a non-ASCII delimiter (→)", async () => {
    await checkText("a→b→→日本→😀→", { delimiter: "→" });
  });

  it('self-overlapping "||": "a|||b||||c" gives the left-to-right split', async () => {
    const path = writeFixture(tempDir(), "pipes.txt", "a|||b||||c");
    await expectEveryLayout([path], { delimiter: "||" }, ["a", "|b", "", "c"]);
    await checkText("||||||", { delimiter: "||" });
    await checkText("|||||x|||", { delimiter: "||" });
  });

  it('self-overlapping "aba": ababa, abababa', async () => {
    await checkText("xababay", { delimiter: "aba" });
    await checkText("abababa", { delimiter: "aba" });
    await checkText("ab abaaba ababab a", { delimiter: "aba" });
  });
});

describe("TextFileSource: header lines", () => {
  it("skips the header once, also when splits start inside it", async () => {
    await checkText("h1\nh2\nrow1\nrow2\nrow3", { skipHeaderLines: 2 });
    await checkText("header line\r\nr1\r\nr2\r\n", { skipHeaderLines: 1 });
    await checkText("h\n\nh3\nr\n", { skipHeaderLines: 3 });
  });

  it("more header lines than the file has: no records", async () => {
    await checkText("h1\nh2\n", { skipHeaderLines: 5 });
    await checkText("h1\nh2", { skipHeaderLines: 2 });
  });

  it("header with a custom and a self-overlapping delimiter", async () => {
    await checkText("h<>a<>b<>", { delimiter: "<>", skipHeaderLines: 1 });
    await checkText("h||x|||y||", { delimiter: "||", skipHeaderLines: 1 });
  });

  it("every file of a glob has its own header skipped", async () => {
    const dir = tempDir();
    const contents = ["id,v\n1,a\n2,b\n", "id,v\r\n3,c\r\n", "id,v\n", "id,v\n4,d\n5,e\n6,f"];
    contents.forEach((c, i) => writeFixture(dir, `part-${i}.csv`, c));
    const expected = contents.flatMap((c) => referenceSplit(c, undefined, 1));
    expect(expected).toEqual(["1,a", "2,b", "3,c", "4,d", "5,e", "6,f"]);
    await expectEveryLayout([join(dir, "part-*.csv")], { skipHeaderLines: 1 }, expected);
  });
});

describe("TextFileSource: globs, several elements", () => {
  it("a glob matching several files reads each, in sorted path order", async () => {
    const dir = tempDir();
    const contents = ["a1\na2\n", "", "b1\r\nb2", "\n\n", "日本\n😀"];
    contents.forEach((c, i) => writeFixture(dir, `f${i}.txt`, c));
    writeFixture(dir, "other.log", "not matched\n");
    const expected = contents.flatMap((c) => referenceSplit(c));
    await expectEveryLayout([join(dir, "f*.txt")], {}, expected);
  });

  it("several elements at once", async () => {
    const dir = tempDir();
    const a = writeFixture(dir, "a.txt", "x\ny\n");
    const b = writeFixture(dir, "b.txt", "z\r\n");
    await expectEveryLayout([a, b], {}, ["x", "y", "z"]);
  });
});

describe("TextFileSource: compression", () => {
  it("gzip (auto by .gz extension), with header", async () => {
    const text = "g1\ng2\r\n\né😀\n日本\nlast";
    const dir = tempDir();
    const path = writeFixture(dir, "data.txt.gz", gzipSync(Buffer.from(text, "utf8")));
    await expectEveryLayout([path], {}, referenceSplit(text));
    await expectEveryLayout([path], { skipHeaderLines: 1 }, referenceSplit(text, undefined, 1));
    await expectEveryLayout([path], { compression: "gzip", delimiter: "||" }, [text]);
  });

  it("gzip forced on a file without extension; compression none reads raw bytes", async () => {
    const text = "a\nb\n";
    const path = writeFixture(tempDir(), "noext", gzipSync(Buffer.from(text)));
    await expectEveryLayout([path], { compression: "gzip" }, ["a", "b"]);
    const raw = await new LocalRunner({ parallelism: 1 }).collect(new TextFileSource({ compression: "none" }), [path]);
    expect(raw.join("\n")).not.toContain("a\nb");
  });

  it("zstd (auto by .zst extension) from an embedded frame", async () => {
    const path = writeFixture(tempDir(), "data.zst", Buffer.from(ZSTD_FIXTURE_BASE64, "base64"));
    await expectEveryLayout([path], {}, referenceSplit(ZSTD_FIXTURE_TEXT));
    expect(referenceSplit(ZSTD_FIXTURE_TEXT)).toEqual(["zstd line one", "zweite Zeile é", "日本語 😀", "", "last"]);
  });

  it("a glob mixing plain, gzip and zstd files", async () => {
    const dir = tempDir();
    writeFixture(dir, "a.txt", "p1\np2\n");
    writeFixture(dir, "b.txt.gz", gzipSync(Buffer.from("g1\ng2")));
    writeFixture(dir, "c.zst", Buffer.from(ZSTD_FIXTURE_BASE64, "base64"));
    writeFixture(dir, "d.txt", "p3");
    const expected = ["p1", "p2", "g1", "g2", ...referenceSplit(ZSTD_FIXTURE_TEXT), "p3"];
    await expectEveryLayout([join(dir, "*")], {}, expected);
  });

  it("a truncated gzip file is a CorruptInputError naming the path", async () => {
    const full = gzipSync(Buffer.from("line\n".repeat(200)));
    const path = writeFixture(tempDir(), "cut.gz", full.subarray(0, full.length - 12));
    const cause = await failureCause(new LocalRunner({ parallelism: 1 }).collect(new TextFileSource({ chunkSize: 5 }), [path]));
    expect(cause).toBeInstanceOf(CorruptInputError);
    expect((cause as Error).message).toContain(path);
  });
});

describe("JsonLinesSource", () => {
  const jsonl = (options: object) => (o: object) => new JsonLinesSource({ ...o, ...options }) as unknown as AnySplittableDoFn<string, unknown>;

  it("good lines: one parsed value per line, any layout", async () => {
    const values = [{ a: 1 }, [1, "é"], "日本😀", null, 42, { nested: { b: [true, false] } }];
    const content = values.map((v) => JSON.stringify(v)).join("\r\n") + "\n";
    const path = writeFixture(tempDir(), "good.jsonl", content);
    await expectEveryLayout([path], {}, values, jsonl({}));
  });

  it("a bad line fails with a CorruptInputError naming the file and byte offset", async () => {
    const content = '{"ok":1}\n{"ok":2}\n{oops\n{"ok":3}\n';
    const offset = content.indexOf("{oops");
    const path = writeFixture(tempDir(), "bad.jsonl", content);
    for (const desiredSplitSize of [3, 1000]) {
      const cause = await failureCause(new LocalRunner({ parallelism: 1 }).collect(new JsonLinesSource({ desiredSplitSize }), [path]));
      expect(cause).toBeInstanceOf(CorruptInputError);
      expect((cause as Error).message).toContain(path);
      expect((cause as Error).message).toContain(`at byte ${offset}`);
    }
  });

  it('onBadRecord: "skip" skips bad lines and counts them in skippedRecords', async () => {
    const content = '{"ok":1}\nnot json\n{"ok":2}\n\n{"ok":3}\n{]\n';
    const path = writeFixture(tempDir(), "skip.jsonl", content);
    for (const parallelism of [1, 3]) {
      for (const desiredSplitSize of [1, 2, 3, 7]) {
        const source = new JsonLinesSource({ onBadRecord: "skip", desiredSplitSize, chunkSize: 2 });
        const got = await new LocalRunner({ parallelism, dynamicSplitting: parallelism > 1 }).collect(source, [path]);
        expect(sorted(got)).toEqual(sorted([{ ok: 1 }, { ok: 2 }, { ok: 3 }]));
        expect(source.skippedRecords, `parallelism ${parallelism}, split ${desiredSplitSize}`).toBe(3); // "not json", "", "{]"
      }
    }
  });
});
