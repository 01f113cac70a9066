/**
 * Whether a delimiter overlaps itself (a proper prefix equals a suffix, as in `||` or `aba`):
 * then an occurrence found from the middle of a file may not be one a left-to-right scan from
 * byte 0 would find, so such files are read unsplit.
 * @param delimiter - the delimiter bytes
 */
export function isSelfOverlapping(delimiter: Uint8Array): boolean {
  for (let length = 1; length < delimiter.length; length++) {
    let matches = true;
    for (let i = 0; i < length && matches; i++) matches = delimiter[i] === delimiter[delimiter.length - length + i];
    if (matches) return true;
  }
  return false;
}
