import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { countingByteSource, openByteSource } from "../../../connectors/bytes/index.js";
import { collect, concat, useTempDirs } from "./tempDir.js";

const tempDir = useTempDirs();

describe("countingByteSource", () => {
  it("counts read calls and bytes yielded, and passes everything else through", async () => {
    const path = join(tempDir(), "x.bin");
    writeFileSync(path, Buffer.alloc(100, 7));
    const inner = await openByteSource(path);
    const counted = countingByteSource(inner);
    expect([counted.uri, counted.size, counted.version]).toEqual([inner.uri, inner.size, inner.version]);
    expect([counted.reads, counted.bytesRead]).toEqual([0, 0]);
    expect(concat(await collect(counted.read(10, 60, 16)))).toEqual(Buffer.alloc(50, 7));
    await collect(counted.read(0, 0));
    // Check: two reads, 50 bytes; an abandoned read counts only what it yielded.
    expect([counted.reads, counted.bytesRead]).toEqual([2, 50]);
    for await (const _ of counted.read(0, 100, 8)) break;
    expect([counted.reads, counted.bytesRead]).toEqual([3, 58]);
    await counted.close();
    await counted.close();
    expect(() => inner.read(0, 1)).toThrow(/closed/);
  });
});
