import { parquetMetadataAsync, type FileMetaData } from "hyparquet";
import type { ByteSource } from "../bytes/ByteSource.js";
import { byteSourceBuffer } from "./byteSourceBuffer.js";
import { FOOTER, notParquet, parquetError } from "./parquetErrors.js";

/**
 * Bytes of the first read from a file's tail. Footers under this size cost one read; a larger
 * footer costs exactly one more (hyparquet reads the rest once it knows the length).
 */
export const FOOTER_TAIL_READ = 64 * 1024;

/** Footers kept per source instance: planning reads each file's, and its pieces reuse them. */
const CACHED_FOOTERS = 64;

/**
 * Parsed Parquet footers by file version, so the pieces of a read running in one process
 * parse each footer once. A version is immutable, so entries never go stale; the oldest are
 * dropped beyond a fixed count.
 */
export class ParquetFooters {
  private readonly cache = new Map<string, FileMetaData>();

  /**
   * The footer of `source`'s pinned version, read with one tail read (two for a large footer).
   * @param source - the open file
   * @returns the parsed metadata
   * @throws {@link CorruptInputError} naming the file when it is not Parquet or its footer is damaged
   */
  async of(source: ByteSource): Promise<FileMetaData> {
    const key = `${source.uri}\u0000${source.version}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    let metadata: FileMetaData;
    try {
      if (source.size < 12) throw notParquet(source.uri, FOOTER, `the file is ${source.size} bytes, shorter than the smallest Parquet file (12)`);
      metadata = await parquetMetadataAsync(byteSourceBuffer(source), { initialFetchSize: FOOTER_TAIL_READ });
      checkMetadata(metadata, source);
    } catch (error) {
      throw parquetError(error, source.uri, FOOTER);
    }
    this.cache.set(key, metadata);
    if (this.cache.size > CACHED_FOOTERS) this.cache.delete(this.cache.keys().next().value as string);
    return metadata;
  }
}

/**
 * Throws unless the parsed footer describes row groups whose column chunks lie inside the file.
 * @throws {@link CorruptInputError} naming the file and what is wrong
 */
function checkMetadata(metadata: FileMetaData, { uri, size }: ByteSource): void {
  if (!Array.isArray(metadata.schema) || metadata.schema.length === 0 || !Array.isArray(metadata.row_groups)) {
    throw notParquet(uri, FOOTER, "the footer has no schema or no row-group list");
  }
  metadata.row_groups.forEach((group, index) => {
    if (typeof group.num_rows !== "bigint" || group.num_rows < 0n || !Array.isArray(group.columns)) {
      throw notParquet(uri, FOOTER, `row group ${index} has no valid row count or column list`);
    }
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      if (meta === undefined) continue;
      const start = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
      if (!(start >= 0 && start + Number(meta.total_compressed_size) <= size)) {
        throw notParquet(uri, FOOTER, `row group ${index} points at bytes outside the file (column ${meta.path_in_schema.join(".")})`);
      }
    }
  });
}
