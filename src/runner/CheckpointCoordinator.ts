import { CheckpointError } from "../errors/CheckpointError.js";
import type { RestrictionCoder } from "../restrictions/coders/RestrictionCoder.js";
import { CheckpointStore, ElementsFingerprint, type CheckpointSnapshot, type StoredWorkItem } from "./CheckpointStore.js";
import type { Finalizations } from "./Finalizations.js";
import type { UnconsumedItems } from "./UnconsumedItems.js";
import type { NewWorkItem } from "./WorkPool.js";

/** What a {@link CheckpointCoordinator} reads of its run, and how it stops the run. @internal */
export interface CheckpointedRun<In, R, WS> {
  /** What each checkpoint keeps. */
  readonly unconsumed: UnconsumedItems<In, R, WS>;
  /** Bundle finalizations, committed once a checkpoint covering their bundle is written. */
  readonly finalizations: Finalizations;
  /** Elements of the input expanded so far. */
  elementsConsumed(): number;
  /** Outputs the consumer has taken so far. */
  outputsConsumed(): number;
  /** Stops the run with `error` (a failed write). */
  fail(error: unknown): void;
}

/**
 * Keeps a run's durable checkpoint in step with the run: reads the one to resume from, writes a
 * new one whenever the work to keep changed (one write at a time, the latest state last), and
 * commits bundle finalizations only once a checkpoint covering their bundle is written.
 * @internal
 */
export class CheckpointCoordinator<In, R, WS> {
  private readonly store: CheckpointStore;
  /** Ties a checkpoint to the elements it was written for. */
  private readonly fingerprint = new ElementsFingerprint();
  /** The write in flight, with the ones it chains; null when idle. */
  private writing: Promise<void> | null = null;
  /** Set when the run changed since the last snapshot was taken. */
  private dirty = false;

  /**
   * @param dir - the checkpoint directory
   * @param source - class name of the source, stored to refuse another source's checkpoint
   * @param coder - the source's restriction coder
   * @param run - the run checkpointed
   */
  constructor(
    private readonly dir: string,
    private readonly source: string,
    private readonly coder: RestrictionCoder<R>,
    private readonly run: CheckpointedRun<In, R, WS>,
  ) {
    this.store = new CheckpointStore(dir);
  }

  /** Adds the next element of the input to the fingerprint. */
  recordElement(element: In): void {
    this.fingerprint.add(element);
  }

  /**
   * Reads the checkpoint to resume from. When there is none, writes a first, empty one, so an
   * unwritable `checkpointDir` (read-only, disk full) fails before any input is read; a resume
   * from it starts over.
   * @returns the checkpoint, or `null` to start from the beginning
   * @throws {@link CheckpointError} for a checkpoint of another source or other elements
   */
  async open(): Promise<CheckpointSnapshot | null> {
    const snapshot = await this.store.read();
    if (snapshot === null) {
      await this.store.write(this.snapshot());
      return null;
    }
    if (snapshot.source !== this.source) {
      throw new CheckpointError(
        `The checkpoint ${this.store.path} was written by source ${snapshot.source}, not ${this.source}: ` +
          `use another checkpointDir per source, or remove it to start over.`,
      );
    }
    if (snapshot.elementsConsumed === 0) this.verifyFingerprint(snapshot);
    return snapshot;
  }

  /**
   * Checks that the elements recorded so far are those `snapshot` was written for.
   * @throws {@link CheckpointError} if they differ
   */
  verifyFingerprint(snapshot: CheckpointSnapshot): void {
    if (this.fingerprint.digest() !== snapshot.elementsFingerprint) {
      throw new CheckpointError(
        `The checkpoint ${this.store.path} was written for other elements (the first ${snapshot.elementsConsumed} differ): ` +
          `resume with the same elements in the same order, or remove the checkpoint to start over.`,
      );
    }
  }

  /**
   * The error for an input shorter than the checkpoint's.
   * @param snapshot - the checkpoint resumed from
   * @param elements - how many elements the input had
   */
  inputTooShort(snapshot: CheckpointSnapshot, elements: number): CheckpointError {
    return new CheckpointError(
      `The checkpoint in ${this.dir} covers ${snapshot.elementsConsumed} elements but the input has only ${elements}: ` +
        `resume with the same elements, or remove the checkpoint to start over.`,
    );
  }

  /**
   * The checkpoint's items as work items to queue again, decoded one at a time.
   * @param snapshot - the checkpoint resumed from
   * @param elements - the first `snapshot.elementsConsumed` elements of the input
   * @throws {@link CheckpointError} for an item that refers to no element or does not decode
   */
  *restoredItems(snapshot: CheckpointSnapshot, elements: readonly In[]): Generator<NewWorkItem<In, R, WS>> {
    for (const stored of snapshot.items) {
      const element = elements[stored.elementIndex];
      if (element === undefined) throw this.store.corrupt(`an item refers to element ${stored.elementIndex}, beyond those covered`);
      let restriction: R;
      try {
        restriction = this.coder.decode(Buffer.from(stored.restriction, "base64"));
      } catch (cause) {
        throw this.store.corrupt(`a restriction of element ${stored.elementIndex} does not decode`, cause);
      }
      yield {
        elementIndex: stored.elementIndex,
        element,
        restriction,
        watermarkState: stored.watermarkState as WS,
        hold: stored.hold,
        notBefore: 0,
        size: 0,
        isResume: true,
      };
    }
  }

  /** Writes a new checkpoint soon: after the write in flight, if any. */
  schedule(): void {
    this.dirty = true;
    if (this.writing !== null) return;
    this.writing = this.writeWhileDirty().finally(() => (this.writing = null));
  }

  /** Writes the current state and waits until every write has settled. */
  async flush(): Promise<void> {
    this.schedule();
    while (this.writing !== null) await this.writing;
  }

  /** Removes the checkpoint: the run completed. */
  async remove(): Promise<void> {
    await this.store.remove();
  }

  private async writeWhileDirty(): Promise<void> {
    const { finalizations } = this.run;
    while (this.dirty) {
      this.dirty = false;
      // Bundles consumed after this snapshot must wait for the next write to commit.
      finalizations.outputsConsumed(this.run.outputsConsumed());
      const covered = this.snapshot();
      try {
        await this.store.write(covered);
      } catch (error) {
        this.run.fail(error);
        return;
      }
      finalizations.commit();
    }
  }

  private snapshot(): CheckpointSnapshot {
    const items: StoredWorkItem[] = [];
    for (const { item, restriction } of this.run.unconsumed.owned()) {
      items.push({
        elementIndex: item.elementIndex,
        restriction: Buffer.from(this.coder.encode(restriction)).toString("base64"),
        watermarkState: item.watermarkState,
        hold: item.hold,
      });
    }
    return {
      version: 1,
      source: this.source,
      elementsConsumed: this.run.elementsConsumed(),
      elementsFingerprint: this.fingerprint.digest(),
      items,
    };
  }
}
