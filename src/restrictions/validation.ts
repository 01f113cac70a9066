import { ClaimOrderError } from "../errors/ClaimOrderError.js";
import { InvalidSplitError } from "../errors/InvalidSplitError.js";

/**
 * Throws unless `fraction` is in [0, 1].
 * @internal
 */
export function assertSplitFraction(fraction: number, restriction: { toString(): string }): void {
  if (!(fraction >= 0 && fraction <= 1)) {
    throw new InvalidSplitError(
      `Expected \`fractionOfRemainder\` to be in [0, 1], got ${String(fraction)} for ${restriction.toString()}: ` +
        `a runner computed a bad fraction; pass 0 for a checkpoint or a value up to 1.`,
      { context: { restriction: restriction.toString() } },
    );
  }
}

/**
 * Throws unless `position` is a safe integer or `Infinity` (the "nothing more" claim).
 * @internal
 */
export function assertClaimablePosition(position: number, restriction: { toString(): string }): void {
  if (!Number.isSafeInteger(position) && position !== Infinity) {
    throw new ClaimOrderError(
      `Expected a safe integer position (or Infinity to finish), got ${String(position)} for ${restriction.toString()}.`,
      { context: { restriction: restriction.toString(), position: String(position) } },
    );
  }
}
