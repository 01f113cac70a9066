/**
 * One piece of work between the two steps of `sdfRead`: an element, one of its initial
 * restrictions (encoded with the source's restriction coder), the watermark estimator state to
 * start from, and the piece's size. It crosses Beam's shuffle as one JSON string, which every
 * Beam coder carries unchanged.
 */
export interface RestrictionPiece {
  /** The element (must be JSON: a path, URI, glob or topic name). */
  readonly element: unknown;
  /** The restriction, base64 of the source's restriction coder's bytes. */
  readonly restriction: string;
  /** The initial watermark estimator state (JSON). */
  readonly watermarkState: unknown;
  /** The source's `getSize` of the restriction. */
  readonly size: number;
}

/** Encodes a piece as JSON text. */
export function encodePiece(element: unknown, restriction: Uint8Array, watermarkState: unknown, size: number): string {
  const piece: RestrictionPiece = { element, restriction: Buffer.from(restriction).toString("base64"), watermarkState, size };
  return JSON.stringify(piece);
}

/** Decodes what {@link encodePiece} wrote; the restriction as bytes. */
export function decodePiece(text: string): RestrictionPiece & { readonly restrictionBytes: Uint8Array } {
  const piece = JSON.parse(text) as RestrictionPiece;
  return { ...piece, restrictionBytes: new Uint8Array(Buffer.from(piece.restriction, "base64")) };
}
