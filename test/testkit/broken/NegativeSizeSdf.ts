import { OffsetRange } from "../../../src/index.js";
import { CountingSdf } from "../../helpers/CountingSdf.js";

/** Records of the file header, which only the piece starting at 0 holds. */
const HEADER_RECORDS = 2;

/**
 * Bug 9, a negative size: `CountingSdf` whose `getSize` subtracts a header from every
 * restriction, not just the one that starts at 0, so a one-record residual has size -1.
 */
export class NegativeSizeSdf extends CountingSdf {
  override getSize(_n: number, restriction: OffsetRange): number {
    return restriction.size() - HEADER_RECORDS; // BUG: only `from === 0` holds the header, and clamp at 0
  }
}
