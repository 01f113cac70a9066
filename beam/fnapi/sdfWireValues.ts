/**
 * The values that travel between the SDF steps of a portable runner, as Beam's worker holds
 * them decoded: `KV<element, KV<restriction bytes, watermark-state bytes>>` after pairing, and
 * that `KV` with a `double` size after splitting and sizing. Restrictions go through the
 * source's own restriction coder; watermark states as JSON.
 * @internal
 */
export interface PairedElement {
  readonly key: unknown;
  readonly value: { readonly key: Uint8Array; readonly value: Uint8Array };
}

/** A paired element with its size, the input of the processing step. @internal */
export interface SizedElement {
  readonly key: PairedElement;
  readonly value: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Pairs an element with an encoded restriction and a watermark state. @internal */
export function paired(element: unknown, restriction: Uint8Array, watermarkState: unknown): PairedElement {
  return { key: element, value: { key: restriction, value: encoder.encode(JSON.stringify(watermarkState ?? null)) } };
}

/** A paired element with its size. @internal */
export function sized(pair: PairedElement, size: number): SizedElement {
  return { key: pair, value: Number.isFinite(size) ? size : Number.MAX_VALUE };
}

/** The watermark state a paired element carries. @internal */
export function watermarkStateOf(pair: PairedElement): unknown {
  return JSON.parse(decoder.decode(pair.value.value)) as unknown;
}
