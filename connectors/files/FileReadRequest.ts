import type { ByteSource } from "../bytes/ByteSource.js";
import type { FileEntry } from "./FileEntry.js";

/**
 * The part of one file a reader must cover: every record that *starts* in `[start, end)`
 * (file-local offsets), and only those.
 */
export interface FileReadRequest<Out> {
  /** The file, pinned to its version. */
  readonly file: FileEntry;
  /** Random access to the file's raw bytes (for look-ups such as a header). */
  readonly source: ByteSource;
  /** First byte whose record may be ours; 0 means the reader starts the file. */
  readonly start: number;
  /** Records starting at or after this are not ours. */
  readonly end: number;
  /**
   * The bytes to parse. For a splittable file: raw bytes from `streamStart` (up to
   * `lookback` bytes before `start`) to the end of the file. For a compressed or otherwise
   * unsplittable file: the whole decoded file, `streamStart` 0.
   */
  readonly stream: AsyncIterable<Uint8Array>;
  /** File offset of the first streamed byte. */
  readonly streamStart: number;
  /** True when the file is read whole (compressed, or not splittable by this format). */
  readonly whole: boolean;
  /**
   * Claims the record starting at file offset `offset` (strictly increasing). MUST be called,
   * and return true, before the record is output; false means stop reading. In whole-file mode
   * the base class has claimed the file already and this returns true.
   */
  claim(offset: number): boolean;
  /** Outputs a record; await what it returns (backpressure). */
  output(value: Out): void | Promise<void>;
}
