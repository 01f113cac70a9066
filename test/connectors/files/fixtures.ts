// Shared helpers of the file-connector tests: temp dirs, a reference splitter, a read matrix.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect } from "vitest";
import type { TextFileSourceOptions } from "../../../connectors/files/TextFileSource.js";
import { TextFileSource } from "../../../connectors/files/TextFileSource.js";
import { WorkItemFailedError } from "../../../src/errors/WorkItemFailedError.js";
import { LocalRunner } from "../../../src/runner/LocalRunner.js";
import type { AnySplittableDoFn } from "../../../src/runner/LocalRunner.js";

/**
 * A fresh temporary directory per call, all removed after the file's tests (afterAll, so a
 * directory made at collection time by a `describe` body survives until its tests ran).
 */
export function useTempDirs(): () => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), "sdfkit-files-"));
    made.push(dir);
    return dir;
  };
}

/** Writes `bytes` to `dir/name` and returns the path. */
export function writeFixture(dir: string, name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/**
 * The reference: one left-to-right scan of the whole decoded text.
 * - `delimiter` undefined: split on `\n`, and drop a `\r` that stands right before a `\n`
 *   (a lone `\r` at the very end of the file, with no `\n` after it, is kept);
 * - a custom delimiter: `String.prototype.split`, which scans left to right without overlap;
 * - a trailing delimiter makes no empty last record; an empty file has no records;
 * - the first `skipHeaderLines` records are dropped.
 */
export function referenceSplit(text: string, delimiter?: string, skipHeaderLines = 0): string[] {
  if (text.length === 0) return [];
  const parts = text.split(delimiter ?? "\n");
  const terminated = parts[parts.length - 1] === "";
  if (terminated) parts.pop();
  const records =
    delimiter === undefined
      ? parts.map((part, i) => ((i < parts.length - 1 || terminated) && part.endsWith("\r") ? part.slice(0, -1) : part))
      : parts;
  return records.slice(skipHeaderLines);
}

/** Sorted copy, for multiset comparison. */
export function sorted<T>(values: readonly T[]): T[] {
  return [...values].sort((a, b) => {
    const x = typeof a === "string" ? a : JSON.stringify(a);
    const y = typeof b === "string" ? b : JSON.stringify(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

export const SPLIT_SIZES = [1, 2, 3, 7] as const;
export const CHUNK_SIZES = [1, 2, 5] as const;

/**
 * Reads `elements` with every split size × chunk size at parallelism 1 (exact order), every
 * split size at parallelism 3 (same multiset), initial splits only.
 * One more run at parallelism 3 has dynamic splitting on (split 7, chunk 5: see the report on
 * why small ranges with dynamic splitting are slow); schedules of dynamic splits and
 * checkpoints are covered by conformance.test.ts.
 */
export async function expectEveryLayout<Out = string>(
  elements: readonly string[],
  options: TextFileSourceOptions,
  expected: readonly Out[],
  newSource: (options: TextFileSourceOptions) => AnySplittableDoFn<string, Out> = (o) => new TextFileSource(o) as unknown as AnySplittableDoFn<string, Out>,
): Promise<void> {
  const layouts: { parallelism: number; dynamicSplitting: boolean; desiredSplitSize: number; chunkSize: number }[] = [];
  for (const desiredSplitSize of SPLIT_SIZES) {
    for (const chunkSize of CHUNK_SIZES) layouts.push({ parallelism: 1, dynamicSplitting: false, desiredSplitSize, chunkSize });
    // Parallelism 3 with one chunk size per split size keeps the file fast; parallelism does
    // not change what a piece reads, only the order pieces run in.
    layouts.push({ parallelism: 3, dynamicSplitting: false, desiredSplitSize, chunkSize: 2 });
  }
  layouts.push({ parallelism: 3, dynamicSplitting: true, desiredSplitSize: 7, chunkSize: 5 });
  for (const { parallelism, dynamicSplitting, desiredSplitSize, chunkSize } of layouts) {
    const runner = new LocalRunner({ parallelism, dynamicSplitting });
    const got = await runner.collect(newSource({ ...options, desiredSplitSize, chunkSize }), elements);
    const where = `parallelism ${parallelism}, dynamicSplitting ${dynamicSplitting}, desiredSplitSize ${desiredSplitSize}, chunkSize ${chunkSize}`;
    if (parallelism === 1) expect(got, where).toEqual(expected);
    else expect(sorted(got), where).toEqual(sorted(expected));
  }
}

/** The error a LocalRunner read fails with, checked to be a WorkItemFailedError; returns its cause. */
export async function failureCause(read: Promise<unknown>): Promise<unknown> {
  let caught: unknown = null;
  try {
    await read;
  } catch (error) {
    caught = error;
  }
  expect(caught, "the read should fail").toBeInstanceOf(WorkItemFailedError);
  return (caught as WorkItemFailedError).cause;
}
