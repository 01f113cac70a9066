/**
 * One unit of work in the runner's queue: an element, a restriction of it, and the watermark
 * state the restriction resumes from.
 * @internal
 */
export interface WorkItem<In, R, WS> {
  /** Unique within a run. */
  readonly id: number;
  /** Position of the element in the input; identifies it in checkpoints. */
  readonly elementIndex: number;
  readonly element: In;
  restriction: R;
  readonly watermarkState: WS;
  /** Watermark hold: no output of this item is earlier. */
  readonly hold: number;
  /** Epoch ms before which the item must not start (resume delay). */
  readonly notBefore: number;
  /** `getSize` of the restriction, for backlog. */
  size: number;
  /** Whether it is the residual of a checkpoint (counts as a resume when it starts). */
  readonly isResume: boolean;
}
