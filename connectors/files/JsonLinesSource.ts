import { CorruptInputError } from "../../src/errors/CorruptInputError.js";
import type { SdfModuleReference } from "../../src/sdf/SdfModuleReference.js";
import { DelimitedRecordSource, type DelimitedRecordSourceOptions } from "./DelimitedRecordSource.js";
import type { FileEntry } from "./FileEntry.js";

/** Options of {@link JsonLinesSource}. */
export interface JsonLinesSourceOptions extends DelimitedRecordSourceOptions {
  /** What to do with a line that is not JSON. @defaultValue "fail" */
  onBadRecord?: "fail" | "skip";
}

/** Marks a skipped line; filtered out before output. */
const SKIPPED: unique symbol = Symbol("skipped");

/**
 * Reads JSON Lines files: one parsed value per line (blank lines are bad records too). A bad
 * line fails the read with a {@link CorruptInputError} naming the file and byte offset, or,
 * with `onBadRecord: "skip"`, is skipped and counted in `skippedRecords`.
 */
export class JsonLinesSource<T = unknown> extends DelimitedRecordSource<T> {
  /** Lines skipped as bad since this instance was created (with `onBadRecord: "skip"`). */
  skippedRecords = 0;
  /** The options as given, for worker threads. */
  private readonly options: JsonLinesSourceOptions;

  /** @param options - as {@link TextFileSource}, plus `onBadRecord` */
  constructor(options: JsonLinesSourceOptions = {}) {
    super(options);
    this.options = options;
  }

  /** `JSON.parse` of the line. */
  protected parse(text: string, file: FileEntry, offset: number): T {
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      if (this.options.onBadRecord === "skip") {
        this.skippedRecords++;
        return SKIPPED as T;
      }
      throw new CorruptInputError(
        `${file.uri} at byte ${offset}: the line is not JSON (${cause instanceof Error ? cause.message : String(cause)}); ` +
          `fix the line, or pass onBadRecord: "skip" to skip and count bad lines.`,
        { cause, context: { input: file.uri, position: String(offset) } },
      );
    }
  }

  /** Lets worker threads load this source. */
  override moduleReference(): SdfModuleReference {
    return { url: import.meta.url, exportName: "JsonLinesSource", options: this.options };
  }

  /** Drops skipped lines before they reach the runner. */
  protected override async readRange(request: Parameters<DelimitedRecordSource<T>["readRange"]>[0]): Promise<boolean> {
    return super.readRange({ ...request, output: (value) => (value === (SKIPPED as T) ? undefined : request.output(value)) });
  }
}
