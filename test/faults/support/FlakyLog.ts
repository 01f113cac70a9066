import { MemoryLog } from "../../../connectors/log/index.js";
import type { FetchOptions, FetchResult } from "../../../connectors/log/index.js";

/** Where a {@link FlakyLog} fails: a fetch of `partition` at `offset` or beyond. */
export interface LogFault {
  readonly partition: number;
  readonly offset: number;
}

/**
 * A {@link MemoryLog} whose `fetch` throws (as a broker or disk would) while `fault` is set and
 * a fetch of its partition starts at or past its offset; clear `fault` to "fix" it.
 */
export class FlakyLog extends MemoryLog {
  /** The armed fault, or `null`. */
  fault: LogFault | null = null;
  /** Fetches that threw. */
  failures = 0;

  override async fetch(topic: string, partition: number, offset: number, options: FetchOptions): Promise<FetchResult> {
    const fault = this.fault;
    if (fault !== null && partition === fault.partition && offset >= fault.offset) {
      this.failures++;
      throw new Error(`simulated read failure of ${topic}/${partition} at offset ${offset}`);
    }
    return super.fetch(topic, partition, offset, options);
  }
}
