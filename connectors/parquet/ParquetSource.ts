import { parquetReadObjects, type FileMetaData } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { InvalidOptionError } from "../../src/errors/InvalidOptionError.js";
import { SourceChangedError } from "../../src/errors/SourceChangedError.js";
import type { RestrictionCoder } from "../../src/restrictions/coders/RestrictionCoder.js";
import { OffsetRange } from "../../src/restrictions/OffsetRange.js";
import type { ProcessContext } from "../../src/sdf/ProcessContext.js";
import type { SdfModuleReference } from "../../src/sdf/SdfModuleReference.js";
import { SplittableDoFn } from "../../src/sdf/SplittableDoFn.js";
import type { ByteSource } from "../bytes/ByteSource.js";
import { expandInputs, openByteSource } from "../bytes/registry.js";
import { byteSourceBuffer } from "./byteSourceBuffer.js";
import { columnsOf, SchemaMerger } from "./columnTypes.js";
import type { ParquetColumn, ParquetFileEntry } from "./ParquetFileEntry.js";
import { ParquetFooters } from "./ParquetFooters.js";
import { settleParquetOptions, type ParquetSourceOptions, type SettledParquetOptions } from "./ParquetSourceOptions.js";
import { parquetError } from "./parquetErrors.js";
import { RowGroupSet } from "./RowGroupSet.js";
import { rowGroupSetCoder } from "./rowGroupSetCoder.js";
import { RowGroupSetTracker } from "./RowGroupSetTracker.js";
import { RowShaper, type ParquetRow } from "./RowShaper.js";

/** Footers read at once while planning a read of many files. */
const PLANNING_CONCURRENCY = 8;

/** The context a {@link ParquetSource}'s `processElement` receives. */
export type ParquetContext = ProcessContext<string, ParquetRow, RowGroupSet, number, unknown>;

/** One file as planning saw it: its entry fields and its columns. */
interface PlannedFile {
  readonly uri: string;
  readonly size: number;
  readonly version: string;
  readonly metadata: FileMetaData;
  readonly columns: ParquetColumn[];
}

/**
 * Reads Parquet files as one plain object per row, from local disk, `s3://` or `gs://` (decoded
 * by hyparquet). An element is a path, URI or glob; its restriction is the range of row groups
 * of the files it matches ({@link RowGroupSet}), split into runs of about `desiredSplitSize`
 * compressed bytes, and a row group is the unit of work: it is claimed, then read whole.
 *
 * Only what is needed is fetched, through ranged reads: each file's footer (one tail read) and
 * the column chunks of the projected `columns` of the claimed row groups.
 *
 * **Values.** INT64 → `bigint` (or `number` with `int64: "number"`, refusing unsafe values);
 * INT32, FLOAT, DOUBLE → `number`; BOOLEAN → `boolean`; strings → `string`; other binary →
 * `Uint8Array`; DATE and TIMESTAMP → `Date` (millisecond precision: micro- and nanosecond
 * digits are dropped); DECIMAL → `number` (exact up to 15 significant digits); structs →
 * objects, lists → arrays, maps → objects; a missing optional value → `null`.
 *
 * **Schema evolution.** Files read together are reconciled column by column: a column a file
 * lacks reads as `null` for its rows; INT32 widens to INT64 and FLOAT to DOUBLE; any other
 * difference is a `SchemaMismatchError` naming both files.
 *
 * @example
 * ```ts
 * const rows = await new LocalRunner({ parallelism: 4 }).collect(
 *   new ParquetSource({ columns: ["id", "name"] }), ["s3://bucket/events/*.parquet"]);
 * ```
 */
export class ParquetSource extends SplittableDoFn<string, ParquetRow, RowGroupSet, number, unknown> {
  /** The options as given, for worker threads. */
  private readonly options: ParquetSourceOptions;
  /** The settled options. */
  private readonly settings: SettledParquetOptions;
  /** Footers already parsed by this instance. */
  private readonly footers = new ParquetFooters();

  /** @param options - projection, split size and INT64 handling */
  constructor(options: ParquetSourceOptions = {}) {
    super();
    this.settings = settleParquetOptions(options);
    this.options = { ...options };
  }

  /**
   * Lists the files `pattern` matches, reads their footers and merges their schemas.
   * @throws `SchemaMismatchError` when two files disagree on a column's type
   * @throws `InvalidOptionError` when a projected column is in none of the files
   */
  override async initialRestriction(pattern: string): Promise<RowGroupSet> {
    const planned = await this.planFiles(await expandInputs([pattern]));
    // Only projected columns must agree across files: projecting a clashing column away is the way around a clash.
    const wanted = this.settings.columns === null ? null : new Set(this.settings.columns);
    const merger = new SchemaMerger();
    const everyName = new Set<string>();
    for (const file of planned) {
      for (const column of file.columns) everyName.add(column.name);
      merger.add(file.uri, wanted === null ? file.columns : file.columns.filter((c) => wanted.has(c.name)));
    }
    const columns = this.outputColumns(merger.columns(), [...everyName], pattern);
    const projected = new Set(columns.map((c) => c.name));
    const files: ParquetFileEntry[] = [];
    let next = 0;
    for (const { uri, size, version, metadata } of planned) {
      const groups = metadata.row_groups;
      const rowGroupBytes = groups.map((group) =>
        group.columns.reduce((sum, chunk) => {
          const meta = chunk.meta_data;
          return meta !== undefined && projected.has(meta.path_in_schema[0] ?? "") ? sum + Number(meta.total_compressed_size) : sum;
        }, 0),
      );
      files.push({ uri, size, version, firstRowGroup: next, rowGroupBytes, rowGroupRows: groups.map((g) => Number(g.num_rows)) });
      next += groups.length;
    }
    return new RowGroupSet(files, columns, new OffsetRange(0, next));
  }

  /** Runs of consecutive row groups of one file, each up to `desiredSplitSize` bytes (a larger row group alone). */
  override splitRestriction(_pattern: string, restriction: RowGroupSet): RowGroupSet[] {
    const { from, to } = restriction.range;
    const pieces: RowGroupSet[] = [];
    for (const file of restriction.files) {
      const first = Math.max(from, file.firstRowGroup);
      const end = Math.min(to, file.firstRowGroup + file.rowGroupBytes.length);
      let start = first;
      let bytes = 0;
      for (let index = first; index < end; index++) {
        const size = file.rowGroupBytes[index - file.firstRowGroup]!;
        if (index > start && bytes + size > this.settings.desiredSplitSize) {
          pieces.push(restriction.withRange(new OffsetRange(start, index)));
          start = index;
          bytes = 0;
        }
        bytes += size;
      }
      if (end > start) pieces.push(restriction.withRange(new OffsetRange(start, end)));
    }
    return pieces;
  }

  /** A tracker of row-group indices whose progress and splits are weighted by bytes. */
  override newTracker(_pattern: string, restriction: RowGroupSet): RowGroupSetTracker {
    return new RowGroupSetTracker(restriction);
  }

  /** Compressed bytes of the projected column chunks of the row groups in the restriction. */
  override getSize(_pattern: string, restriction: RowGroupSet): number {
    return restriction.size();
  }

  /** JSON coder carrying the files, their versions and row-group sizes, and the columns. */
  override restrictionCoder(): RestrictionCoder<RowGroupSet> {
    return rowGroupSetCoder;
  }

  /** What the runner's lineage reports: the pattern as given. */
  override lineage(pattern: string): string {
    return pattern;
  }

  /** Lets worker threads load this source. */
  override moduleReference(): SdfModuleReference {
    return { url: import.meta.url, exportName: "ParquetSource", options: this.options };
  }

  /** Claims each row group of the restriction in turn, then reads and outputs its rows. */
  override async processElement(ctx: ParquetContext): Promise<void> {
    const { files, columns } = ctx.tracker.currentRestriction();
    for (const file of files) {
      if (ctx.signal.aborted) return;
      const { from, to } = ctx.tracker.currentRestriction().range;
      const first = Math.max(from, file.firstRowGroup);
      const end = Math.min(to, file.firstRowGroup + file.rowGroupBytes.length);
      if (first >= end) continue;
      if (!(await this.readFile(ctx, file, columns, first))) return;
    }
    ctx.tracker.tryClaim(Infinity);
  }

  /** Reads the claimable row groups of `file` from global index `first`; false once a claim fails. */
  private async readFile(ctx: ParquetContext, file: ParquetFileEntry, columns: readonly ParquetColumn[], first: number): Promise<boolean> {
    const source = await openByteSource(file.uri, file.version);
    try {
      const metadata = await this.footers.of(source);
      checkRowGroups(metadata, file);
      const shaper = new RowShaper(file.uri, columns, columnsOf(metadata), this.settings.int64);
      const buffer = byteSourceBuffer(source);
      let rowStart = file.rowGroupRows.slice(0, first - file.firstRowGroup).reduce((a, b) => a + b, 0);
      for (let local = first - file.firstRowGroup; local < file.rowGroupRows.length; local++) {
        if (ctx.signal.aborted) return true;
        if (!ctx.tracker.tryClaim(file.firstRowGroup + local)) return false;
        const count = file.rowGroupRows[local]!;
        const rows = await this.readRows(source, buffer, metadata, shaper, local, rowStart, count);
        rowStart += count;
        for (const row of shaper.shape(rows, count)) {
          const pending = ctx.output(row);
          if (pending !== undefined) await pending;
        }
      }
      return true;
    } finally {
      await source.close();
    }
  }

  /** Decodes the `readColumns` of one row group. */
  private async readRows(
    source: ByteSource,
    buffer: ReturnType<typeof byteSourceBuffer>,
    metadata: FileMetaData,
    shaper: RowShaper,
    local: number,
    rowStart: number,
    count: number,
  ): Promise<ParquetRow[]> {
    if (shaper.readColumns.length === 0 || count === 0) return [];
    try {
      return await parquetReadObjects({
        file: buffer,
        metadata,
        columns: shaper.readColumns,
        rowStart,
        rowEnd: rowStart + count,
        compressors,
        utf8: false,
      });
    } catch (error) {
      throw parquetError(error, source.uri, `row group ${local}`);
    }
  }

  /** The projected columns in projection order (or all merged ones), each checked to exist in some file. */
  private outputColumns(merged: ParquetColumn[], everyName: readonly string[], pattern: string): ParquetColumn[] {
    const wanted = this.settings.columns;
    if (wanted === null) return merged;
    const byName = new Map(merged.map((c) => [c.name, c]));
    return wanted.map((name) => {
      const column = byName.get(name);
      if (column === undefined) {
        const available = everyName.join(", ") || "none";
        throw new InvalidOptionError(`Column "${name}" of \`columns\` is in no file matching ${pattern}; the files have: ${available}.`, {
          context: { input: pattern },
        });
      }
      return column;
    });
  }

  /** Opens each file at its current version and reads its footer, a few at a time, in order. */
  private async planFiles(uris: readonly string[]): Promise<PlannedFile[]> {
    const planned = new Array<PlannedFile>(uris.length);
    let next = 0;
    const worker = async () => {
      while (next < uris.length) {
        const index = next++;
        const source = await openByteSource(uris[index]!);
        try {
          const metadata = await this.footers.of(source);
          planned[index] = { uri: source.uri, size: source.size, version: source.version, metadata, columns: columnsOf(metadata) };
        } finally {
          await source.close();
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PLANNING_CONCURRENCY, uris.length) }, worker));
    return planned;
  }
}

/** The pinned version must still have the row groups planned (a mismatch means the pin failed). */
function checkRowGroups(metadata: FileMetaData, file: ParquetFileEntry): void {
  const rows = metadata.row_groups.map((g) => Number(g.num_rows));
  if (rows.length !== file.rowGroupRows.length || rows.some((n, i) => n !== file.rowGroupRows[i])) {
    throw new SourceChangedError(
      `${file.uri} no longer has the row groups planned for this read (${file.rowGroupRows.length} planned, ${rows.length} found); re-run the read.`,
      { context: { input: file.uri } },
    );
  }
}
