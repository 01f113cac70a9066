import { OffsetRange } from "../../src/restrictions/OffsetRange.js";
import type { RestrictionCoder } from "../../src/restrictions/coders/RestrictionCoder.js";
import type { RestrictionTracker } from "../../src/restrictions/RestrictionTracker.js";
import { UnsplittableTracker } from "../../src/restrictions/UnsplittableTracker.js";
import type { ProcessContext } from "../../src/sdf/ProcessContext.js";
import { SplittableDoFn } from "../../src/sdf/SplittableDoFn.js";
import { ProcessContinuation } from "../../src/sdf/ProcessContinuation.js";
import { InvalidOptionError } from "../../src/errors/InvalidOptionError.js";
import { InputNotFoundError } from "../../src/errors/InputNotFoundError.js";
import { InvalidRestrictionError } from "../../src/errors/InvalidRestrictionError.js";
import { unwrapTracker } from "../../src/restrictions/unwrapTracker.js";
import { ManualWatermarkEstimator } from "../../src/watermark/ManualWatermarkEstimator.js";
import { FileWatchRestriction } from "./FileWatchRestriction.js";
import { FileWatchTracker } from "./FileWatchTracker.js";
import { expandInputs, openByteSource } from "../bytes/registry.js";
import { decompress } from "./decompress.js";
import type { FileReadRequest } from "./FileReadRequest.js";
import { compressionOf, type Compression, type FileEntry } from "./FileEntry.js";
import { FileSetRange } from "./FileSetRange.js";
import { FileSetRangeTracker } from "./FileSetRangeTracker.js";
import { fileRestrictionCoder, type FileRestriction } from "./fileSetRangeCoder.js";

/** The context a file source's `processElement` receives. */
export type FileContext<Out> = ProcessContext<string, Out, FileRestriction, number, number>;

/** Options every file source accepts. */
export interface FileRecordSourceOptions {
  /** `auto` picks by extension (`.gz`, `.zst`). @defaultValue "auto" */
  compression?: "auto" | Compression;
  /** Bytes per initial split. @defaultValue 64 MiB */
  desiredSplitSize?: number;
  /** Bytes per read. @defaultValue 1 MiB */
  chunkSize?: number;
  /**
   * Keep watching the glob (Beam's `watchForNewFiles`): every `intervalMs`, files not read yet
   * are read once, whole; the read is unbounded until drained or cancelled, and its watermark
   * follows the time of each completed poll (read from `clock`, epoch ms, at the poll's
   * start). A `clock` is for tests: a function does not reach worker threads, so a source
   * with one must run on the calling thread. @defaultValue not watching; `clock` Date.now
   */
  watch?: { intervalMs: number; clock?: () => number };
}

/**
 * Base class of sources that read records from byte ranges of files (Beam's `FileBasedSource`
 * idea). An element is a path, a `file://` / `s3://` / `gs://` URI or a glob; its restriction
 * is a byte range over the files it matches ({@link FileSetRange}), split into
 * `desiredSplitSize` pieces. A record belongs to the piece in which it *starts*.
 *
 * A subclass says only how records are framed, in {@link FileRecordSource.readRange}: find the
 * first record starting at or after `start` (`lookback` bytes before it are streamed too),
 * then claim and output records until one starts at or after `end`. Splitting, ranged reads
 * from any backend, version pinning, decompression and progress come from this class.
 * Compressed files (and files a format cannot resynchronize in) are read whole, by the piece
 * that holds their first byte.
 */
export abstract class FileRecordSource<Out> extends SplittableDoFn<string, Out, FileRestriction, number, number> {
  /** The settled options. */
  protected readonly fileOptions: Required<Omit<FileRecordSourceOptions, "watch">>;
  /** Poll interval and clock when watching a glob; null when not watching. */
  private readonly watch: Required<NonNullable<FileRecordSourceOptions["watch"]>> | null;

  /** @param options - compression, split size and read size */
  constructor(options: FileRecordSourceOptions = {}) {
    super();
    if (options.watch !== undefined && !(options.watch.intervalMs > 0)) {
      throw new InvalidOptionError(`Expected \`watch.intervalMs\` > 0, got ${String(options.watch.intervalMs)}.`);
    }
    if (options.desiredSplitSize !== undefined && !(options.desiredSplitSize >= 1)) {
      throw new InvalidOptionError(`Expected \`desiredSplitSize\` >= 1 byte, got ${String(options.desiredSplitSize)}.`);
    }
    if (options.chunkSize !== undefined && !(Number.isSafeInteger(options.chunkSize) && options.chunkSize >= 1)) {
      throw new InvalidOptionError(`Expected \`chunkSize\` to be an integer >= 1 byte, got ${String(options.chunkSize)}.`);
    }
    const compressions = ["auto", "none", "gzip", "zstd"];
    if (options.compression !== undefined && !compressions.includes(options.compression)) {
      throw new InvalidOptionError(`Expected \`compression\` to be one of ${compressions.join(", ")}, got ${String(options.compression)}.`);
    }
    this.watch = options.watch === undefined ? null : { intervalMs: options.watch.intervalMs, clock: options.watch.clock ?? Date.now };
    this.fileOptions = {
      compression: options.compression ?? "auto",
      desiredSplitSize: options.desiredSplitSize ?? 64 * 1024 * 1024,
      chunkSize: options.chunkSize ?? 1024 * 1024,
    };
  }

  /** Bytes before a range start the framing needs to find the first record start. */
  protected abstract get lookback(): number;

  /** Whether uncompressed files of this format can be read from the middle. @defaultValue true */
  protected get splittable(): boolean {
    return true;
  }

  /**
   * Reads the records that start in `[request.start, request.end)` of one file.
   * @returns false when a claim failed (the restriction ends here), true otherwise
   */
  protected abstract readRange(request: FileReadRequest<Out>): Promise<boolean>;

  /** Lists the files `pattern` matches, laid end to end; when watching, an open watch. */
  override async initialRestriction(pattern: string): Promise<FileRestriction> {
    if (this.watch !== null) return new FileWatchRestriction([], new OffsetRange(0, Infinity));
    return this.listFiles(pattern);
  }

  /** The files `pattern` matches, with sizes and versions, laid end to end. */
  protected async listFiles(pattern: string): Promise<FileSetRange> {
    const files: FileEntry[] = [];
    let offset = 0;
    for (const uri of await expandInputs([pattern])) {
      const source = await openByteSource(uri);
      await source.close();
      files.push({ uri: source.uri, size: source.size, version: source.version, offset, compression: compressionOf(source.uri, this.fileOptions.compression) });
      offset += source.size;
    }
    return new FileSetRange(files, new OffsetRange(0, offset));
  }

  /** One piece per `desiredSplitSize` of each splittable file; unsplittable files whole. */
  override splitRestriction(_pattern: string, restriction: FileRestriction): FileRestriction[] {
    if (restriction instanceof FileWatchRestriction) return [restriction];
    const pieces: FileSetRange[] = [];
    const { from, to } = restriction.range;
    for (const file of restriction.files) {
      const bounds = new OffsetRange(Math.max(from, file.offset), Math.min(to, file.offset + file.size));
      const ranges = this.isWhole(file) ? [bounds] : bounds.split(this.fileOptions.desiredSplitSize);
      for (const range of ranges) pieces.push(restriction.withRange(range));
    }
    return pieces;
  }

  /** A byte-range tracker; an unsplittable one for a single file that must be read whole. */
  override newTracker(_pattern: string, restriction: FileRestriction): RestrictionTracker<FileRestriction, number> {
    if (restriction instanceof FileWatchRestriction) return new FileWatchTracker(restriction);
    const tracker = new FileSetRangeTracker(restriction, Math.min(this.fileOptions.chunkSize, this.fileOptions.desiredSplitSize));
    return this.isSingleWholeFile(restriction) ? new UnsplittableTracker(tracker) : tracker;
  }

  /** JSON coder carrying the files and their versions (or the files a watch has read). */
  override restrictionCoder(): RestrictionCoder<FileRestriction> {
    return fileRestrictionCoder;
  }

  /** A manual watermark: a watch advances it after each poll. */
  override newWatermarkEstimator(state: number): ManualWatermarkEstimator {
    return new ManualWatermarkEstimator(state);
  }

  /**
   * Reads every file of the restriction in order, then claims `Infinity` to say the range is
   * finished (the bytes after the last record start hold no record of ours).
   */
  override async processElement(ctx: FileContext<Out>): Promise<ProcessContinuation | void> {
    const restriction = ctx.tracker.currentRestriction();
    if (restriction instanceof FileWatchRestriction) return this.poll(ctx, this.watchTracker(ctx, restriction));
    const progressClaims = this.isSingleWholeFile(restriction);
    for (const file of restriction.files) {
      if (ctx.signal.aborted) return;
      const { from, to } = (ctx.tracker.currentRestriction() as FileSetRange).range;
      const start = Math.max(0, from - file.offset);
      const end = Math.min(file.size, to - file.offset);
      if (end <= 0 || start >= file.size) continue;
      if (!(await this.readFile(ctx, file, start, end, progressClaims))) return;
    }
    ctx.tracker.tryClaim(Infinity);
  }

  /** What the runner's lineage reports: the pattern as given. */
  override lineage(pattern: string): string {
    return pattern;
  }

  /** Whether `file` must be read whole. */
  protected isWhole(file: FileEntry): boolean {
    return file.compression !== "none" || !this.splittable;
  }

  /** The restriction is one file read whole from its start: its tracker is unsplittable. */
  private isSingleWholeFile(restriction: FileRestriction): boolean {
    if (!(restriction instanceof FileSetRange)) return false;
    const only = restriction.files.length === 1 ? restriction.files[0]! : null;
    return only !== null && this.isWhole(only) && restriction.range.from <= only.offset;
  }

  /** The watch tracker behind the runner's view `ctx.tracker`. */
  private watchTracker(ctx: FileContext<Out>, restriction: FileWatchRestriction): FileWatchTracker {
    const tracker = unwrapTracker(ctx.tracker, FileWatchTracker);
    if (tracker !== undefined) return tracker;
    throw new InvalidRestrictionError(
      `sdfkit: a watch restriction without its tracker (${restriction.toString()}): create its tracker with this source's newTracker, and wrap it only in ForwardingTrackers.`,
      { context: { input: ctx.element, restriction: restriction.toString() } },
    );
  }

  /**
   * One poll of a watch: reads each new file whole, then asks to be resumed after the interval.
   * Claims go through `ctx.tracker`; `tracker` (the one behind it) names the file of each claim.
   */
  private async poll(ctx: FileContext<Out>, tracker: FileWatchTracker): Promise<ProcessContinuation> {
    const polledAt = (this.watch?.clock ?? Date.now)();
    let uris: string[];
    try {
      uris = await expandInputs([ctx.element]);
    } catch (error) {
      if (!(error instanceof InputNotFoundError)) throw error;
      uris = [];
    }
    for (const uri of uris) {
      if (tracker.hasSeen(uri)) continue;
      tracker.announce(uri);
      if (!ctx.tracker.tryClaim(tracker.nextPosition())) return ProcessContinuation.stop();
      const files = await this.listFiles(uri);
      await this.processElement({ ...ctx, tracker: new FileSetRangeTracker(files) });
      if (ctx.signal.aborted) return ProcessContinuation.stop();
    }
    const watermark = ctx.watermarkEstimator as ManualWatermarkEstimator;
    if (typeof watermark.setWatermark === "function") watermark.setWatermark(polledAt);
    return ProcessContinuation.resume().withResumeDelay(this.watch?.intervalMs ?? 1000);
  }

  private async readFile(
    ctx: FileContext<Out>,
    file: FileEntry,
    start: number,
    end: number,
    progressClaims: boolean,
  ): Promise<boolean> {
    const whole = this.isWhole(file);
    if (whole && start > 0) return true; // its records belong to the piece that holds byte 0
    if (whole && !ctx.tracker.tryClaim(file.offset)) return false;
    const source = await openByteSource(file.uri, file.version);
    try {
      const output = (value: Out) => ctx.output(value);
      if (!whole) {
        const streamStart = Math.max(0, start - this.lookback);
        return await this.readRange({
          file,
          source,
          start,
          end,
          stream: source.read(streamStart, file.size, this.fileOptions.chunkSize),
          streamStart,
          whole,
          claim: (offset) => ctx.tracker.tryClaim(file.offset + offset),
          output,
        });
      }
      const raw = source.read(0, file.size, this.fileOptions.chunkSize);
      const decompressed = file.compression === "none" ? null : decompress(raw, file.compression, file.uri);
      const stream = decompressed ?? raw;
      const progress = { last: file.offset };
      const claimProgress = (offset: number): boolean => {
        // Only an unsplittable tracker may take claims inside a whole file: they report progress.
        if (!progressClaims) return true;
        const consumed = decompressed === null ? offset : decompressed.compressedBytesRead;
        const position = file.offset + Math.min(consumed, file.size - 1);
        if (position > progress.last) {
          progress.last = position;
          ctx.tracker.tryClaim(position);
        }
        return true;
      };
      return await this.readRange({ file, source, start: 0, end: file.size, stream, streamStart: 0, whole, claim: claimProgress, output });
    } finally {
      await source.close();
    }
  }
}
