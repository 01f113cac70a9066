import { execFileSync } from "node:child_process";
import { appendFileSync, chmodSync, mkdirSync, readFileSync, statSync, truncateSync, utimesSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LocalFileByteSource } from "../../../connectors/bytes/LocalFileByteSource.js";
import { ByteSourceClosedError } from "../../../src/errors/ByteSourceClosedError.js";
import { InputAccessError } from "../../../src/errors/InputAccessError.js";
import { InputNotFoundError } from "../../../src/errors/InputNotFoundError.js";
import { InvalidRestrictionError } from "../../../src/errors/InvalidRestrictionError.js";
import { SdfError } from "../../../src/errors/SdfError.js";
import { SourceChangedError } from "../../../src/errors/SourceChangedError.js";
import { bypassesPermissions, collect, concat, useTempDirs } from "./tempDir.js";

const tempDir = useTempDirs();

function fixture(bytes: Uint8Array | string, name = "data.bin"): string {
  const path = join(tempDir(), name);
  writeFileSync(path, bytes);
  return path;
}

function bytes(n: number): Buffer {
  return Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + 11) % 256));
}

async function withSource<T>(path: string, use: (s: LocalFileByteSource) => Promise<T>): Promise<T> {
  const source = await LocalFileByteSource.open(path);
  try {
    return await use(source);
  } finally {
    await source.close();
  }
}

describe("LocalFileByteSource: reading", () => {
  it("whole_file: uri is the absolute path, size and version from fstat, bytes equal the file", async () => {
    const path = fixture(bytes(3000));
    await withSource(path, async (source) => {
      const st = statSync(path, { bigint: true });
      expect(source.uri).toBe(path);
      expect(source.size).toBe(3000);
      expect(source.version).toBe(`${st.mtimeNs}-${st.size}`);
      expect(concat(await collect(source.read(0, source.size)))).toEqual(readFileSync(path));
    });
  });

  it("default_chunk_size: one 1 MiB chunk then the rest", async () => {
    const path = fixture(bytes((1 << 20) + 5));
    await withSource(path, async (source) => {
      const chunks = await collect(source.read(0, source.size));
      // Check: default chunk is 1 MiB, the last chunk holds the remainder.
      expect(chunks.map((c) => c.length)).toEqual([1 << 20, 5]);
    });
  });

  it("ranged_across_chunk_boundaries: [5, 23) in chunks of 4", async () => {
    const path = fixture(bytes(40));
    await withSource(path, async (source) => {
      const chunks = await collect(source.read(5, 23, 4));
      // Check: chunks of exactly chunkSize, the last shorter; bytes equal the slice.
      expect(chunks.map((c) => c.length)).toEqual([4, 4, 4, 4, 2]);
      expect(concat(chunks)).toEqual(readFileSync(path).subarray(5, 23));
    });
  });

  it("zero_length_range yields nothing, at the start, middle and end", async () => {
    const path = fixture(bytes(10));
    await withSource(path, async (source) => {
      for (const at of [0, 4, 10]) expect(await collect(source.read(at, at))).toEqual([]);
    });
  });

  it("empty_file: size 0, read(0, 0) yields nothing", async () => {
    await withSource(fixture(""), async (source) => {
      expect(source.size).toBe(0);
      expect(await collect(source.read(0, 0))).toEqual([]);
    });
  });

  it("chunks are fresh buffers that stay valid after later chunks are read", async () => {
    const path = fixture(bytes(100));
    await withSource(path, async (source) => {
      const chunks = await collect(source.read(0, 100, 8));
      const buffers = new Set(chunks.map((c) => c.buffer));
      // Check: no two chunks share memory (no reused or pooled buffer).
      expect(buffers.size).toBe(chunks.length);
      for (const c of chunks) expect(c.buffer.byteLength).toBe(c.length);
      expect(concat(chunks)).toEqual(readFileSync(path));
    });
  });

  it("concurrent reads of one source do not interfere", async () => {
    const path = fixture(bytes(5000));
    await withSource(path, async (source) => {
      const [a, b] = await Promise.all([collect(source.read(0, 5000, 7)), collect(source.read(1000, 4000, 13))]);
      expect(concat(a)).toEqual(readFileSync(path));
      expect(concat(b)).toEqual(readFileSync(path).subarray(1000, 4000));
    });
  });

  it("property: any file, range and chunk size reads exactly the slice", async () => {
    const dir = tempDir();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2000 }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: 700 }),
        async (content, a, b, chunkSize) => {
          const path = join(dir, `f${n++}`);
          writeFileSync(path, content);
          const [start, end] = [a % (content.length + 1), b % (content.length + 1)].sort((x, y) => x - y) as [number, number];
          await withSource(path, async (source) => {
            const chunks = await collect(source.read(start, end, chunkSize));
            expect(concat(chunks)).toEqual(readFileSync(path).subarray(start, end));
            // Check: every chunk but the last is exactly chunkSize; none is empty.
            chunks.forEach((c, i) => {
              expect(c.length).toBeGreaterThan(0);
              if (i < chunks.length - 1) expect(c.length).toBe(chunkSize);
            });
          });
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("LocalFileByteSource: naming the input", () => {
  it("file_uri: opens file:// URIs (percent-decoded) and reports the absolute path", async () => {
    const path = fixture("hello", "a b%.txt");
    const uri = pathToFileURL(path).href;
    expect(uri).toContain("a%20b%25.txt");
    await withSource(uri, async (source) => {
      expect(source.uri).toBe(path);
      expect(concat(await collect(source.read(0, 5))).toString()).toBe("hello");
    });
    await withSource(`file://localhost${path}`, async (source) => expect(source.uri).toBe(path));
  });

  it("file_uri_with_remote_host is rejected", async () => {
    await expect(LocalFileByteSource.open("file://otherhost/tmp/x")).rejects.toThrow(/host "otherhost" is not local/);
  });

  it("relative_path is resolved against the working directory", async () => {
    const path = fixture("rel");
    const rel = relative(process.cwd(), path);
    await withSource(rel, async (source) => expect(source.uri).toBe(path));
  });
});

describe("LocalFileByteSource: bad input", () => {
  it("missing_file → InputNotFoundError naming the path", async () => {
    const path = join(tempDir(), "nope.txt");
    const error = await LocalFileByteSource.open(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputNotFoundError);
    expect((error as InputNotFoundError).retriable).toBe(false);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain("ENOENT");
    expect((error as InputNotFoundError).context.input).toBe(path);
  });

  it("missing_parent (a file used as a directory) → InputNotFoundError", async () => {
    const path = join(fixture("x"), "child");
    await expect(LocalFileByteSource.open(path)).rejects.toBeInstanceOf(InputNotFoundError);
  });

  it("directory → InputAccessError 'is a directory' suggesting a glob", async () => {
    const dir = tempDir();
    const error = await LocalFileByteSource.open(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputAccessError);
    expect((error as Error).message).toContain(`${dir}: is a directory`);
    expect((error as Error).message).toContain("/**/*");
  });

  it("fifo → InputAccessError 'not a regular file' (and open does not hang)", async () => {
    const path = join(tempDir(), "pipe");
    execFileSync("mkfifo", [path]);
    await expect(LocalFileByteSource.open(path)).rejects.toThrow(/not a regular file \(a FIFO\)/);
  });

  it("permission_denied → InputAccessError naming the path and EACCES (root: read succeeds)", async () => {
    const path = fixture("secret");
    chmodSync(path, 0o000);
    if (bypassesPermissions) {
      // Running as root (CI containers): the kernel grants root read access regardless of mode
      // bits, so EACCES cannot be provoked. The mapping itself is covered in fsErrors.test.ts.
      await withSource(path, async (source) => expect(concat(await collect(source.read(0, 6))).toString()).toBe("secret"));
      return;
    }
    const error = await LocalFileByteSource.open(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputAccessError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain("EACCES");
  });

  it("range_outside_the_file → InvalidRestrictionError, thrown by read()", async () => {
    await withSource(fixture(bytes(10)), async (source) => {
      expect(() => source.read(0, 11)).toThrow(InvalidRestrictionError);
      expect(() => source.read(-1, 5)).toThrow(/0 <= start <= end <= 10/);
      expect(() => source.read(6, 5)).toThrow(/got \[6, 5\)/);
      expect(() => source.read(0.5, 5)).toThrow(InvalidRestrictionError);
      expect(() => source.read(0, 5, 0)).toThrow(/Expected `chunkSize` to be a positive safe integer, got 0/);
    });
  });

  it("closed: reads fail, close is idempotent", async () => {
    const source = await LocalFileByteSource.open(fixture(bytes(10)));
    await source.close();
    await source.close();
    expect(() => source.read(0, 10)).toThrow(ByteSourceClosedError);
    expect(() => source.read(0, 10)).toThrow(/was closed/);
  });

  it("closed_while_reading: the next chunk fails naming the offset", async () => {
    const source = await LocalFileByteSource.open(fixture(bytes(10)));
    const error = await (async () => {
      for await (const _ of source.read(0, 10, 4)) await source.close();
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ByteSourceClosedError);
    expect((error as SdfError).retriable).toBe(false);
    expect((error as Error).message).toMatch(/at byte offset 4: the byte source was closed/);
  });
});

describe("LocalFileByteSource: the version is pinned at open", () => {
  it("shrank_below_the_read_position while reading → SourceChangedError with path and offset", async () => {
    const path = fixture(bytes(64));
    const seen: number[] = [];
    const error = await withSource(path, async (source) => {
      for await (const chunk of source.read(0, 64, 4)) {
        seen.push(chunk.length);
        if (seen.length === 2) truncateSync(path, 6);
      }
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceChangedError);
    expect((error as Error).message).toContain(path);
    // Check: the read at offset 8 found the end of the file.
    expect((error as Error).message).toContain("shrank while being read: end of file at byte offset 8");
    expect((error as SourceChangedError).context.position).toBe("8");
    expect(seen).toEqual([4, 4]);
  });

  it("shrank_but_the_next_chunk_still_exists → SourceChangedError before that chunk is yielded", async () => {
    const path = fixture(bytes(64));
    let yielded = 0;
    const error = await withSource(path, async (source) => {
      for await (const _ of source.read(0, 64, 4)) {
        yielded += 1;
        if (yielded === 1) truncateSync(path, 40);
      }
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceChangedError);
    expect((error as Error).message).toMatch(new RegExp(`${path} shrank while being read \\(at byte offset 4\\)`));
    expect((error as Error).message).toContain("re-run to read the new version");
    expect(yielded).toBe(1);
  });

  it("grew while reading → SourceChangedError", async () => {
    const path = fixture(bytes(16));
    const error = await withSource(path, async (source) => {
      for await (const _ of source.read(0, 16, 4)) appendFileSync(path, "more");
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceChangedError);
    expect((error as Error).message).toContain("grew while being read");
  });

  it("rewritten_between_open_and_read (same size, newer mtime) → SourceChangedError", async () => {
    const path = fixture("aaaa");
    const source = await LocalFileByteSource.open(path);
    try {
      writeFileSync(path, "bbbb");
      const later = new Date(Date.now() + 5_000);
      utimesSync(path, later, later);
      const error = await collect(source.read(0, 4)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SourceChangedError);
      const message = (error as Error).message;
      expect(message).toContain(`${path} was rewritten while being read (at byte offset 0)`);
      expect(message).toContain(source.version);
      expect(message).toContain("the file changed since the read started; re-run to read the new version");
      // Check: a zero-length read also notices, since the version is checked before reading.
      await expect(collect(source.read(0, 0))).rejects.toBeInstanceOf(SourceChangedError);
    } finally {
      await source.close();
    }
  });

  it("expected_version: matches → opens; differs → SourceChangedError naming both versions", async () => {
    const path = fixture("abc");
    const first = await LocalFileByteSource.open(path);
    await first.close();
    await withSource(path, async (s) => expect(s.version).toBe(first.version));
    const again = await LocalFileByteSource.open(path, first.version);
    await again.close();
    const error = await LocalFileByteSource.open(path, "123-3").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceChangedError);
    expect((error as Error).message).toContain(`${path} is not the expected version: expected 123-3, found ${first.version}`);
    expect((error as Error).message).toContain("re-run to read the new version");
  });

  it("directory_inside_a_tree is not read as a file even through a relative path", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "sub"));
    await expect(LocalFileByteSource.open(relative(process.cwd(), join(dir, "sub")))).rejects.toBeInstanceOf(InputAccessError);
  });
});
