import { DelimitedRecordSource, type DelimitedRecordSourceOptions } from "./DelimitedRecordSource.js";
import type { SdfModuleReference } from "../../src/sdf/SdfModuleReference.js";

/** Options of {@link TextFileSource} (see DESIGN.md). */
export type TextFileSourceOptions = DelimitedRecordSourceOptions;

/**
 * Reads text files as one string per record (line by default), from local paths, `file://`,
 * `s3://` and `gs://` URIs and globs; gzip and zstd files are decompressed (read whole).
 *
 * @example
 * ```ts
 * const lines = await new LocalRunner().collect(new TextFileSource(), ["logs/*.log"]);
 * const rows = new TextFileSource({ skipHeaderLines: 1, desiredSplitSize: 16 << 20 });
 * ```
 */
export class TextFileSource extends DelimitedRecordSource<string> {
  /** The options as given, for worker threads. */
  private readonly options: TextFileSourceOptions;

  /** @param options - delimiter, header lines, compression, encoding, split size */
  constructor(options: TextFileSourceOptions = {}) {
    super(options);
    this.options = options;
  }

  /** The record text itself. */
  protected parse(text: string): string {
    return text;
  }

  /** Lets worker threads load this source. */
  override moduleReference(): SdfModuleReference {
    return { url: import.meta.url, exportName: "TextFileSource", options: this.options };
  }
}
