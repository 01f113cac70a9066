import { SingleBar } from "cli-progress";
import type { RunProgress } from "../src/runner/RunProgress.js";
import { MAX_TIMESTAMP, MIN_TIMESTAMP } from "../src/watermark/timestamps.js";

/**
 * The progress line of `sdfkit read` on a terminal's stderr: records, rate, splits (initial and
 * dynamic), checkpoints, the watermark of unbounded reads, and an ETA from the backlog.
 * Created only when stderr is a TTY.
 */
export class ReadProgress {
  readonly #bar = new SingleBar({
    format: "{bar} {percentage}% | {records} records | {rate}/s{mbps} | splits {initial}+{dynamic} | checkpoints {checkpoints}{watermark} | ETA {eta_text}",
    hideCursor: true,
    stream: process.stderr,
    barsize: 20,
  });
  readonly #start = Date.now();
  readonly #bounded: boolean;
  readonly #backlogInBytes: boolean;
  #started = false;
  #firstBacklog: number | undefined;

  /**
   * @param bounded - whether the read ends on its own (an unbounded one shows its watermark, not an ETA)
   * @param backlogInBytes - whether the source's backlog counts bytes (files, objects), which gives MB/s
   */
  constructor(bounded: boolean, backlogInBytes: boolean) {
    this.#bounded = bounded;
    this.#backlogInBytes = backlogInBytes;
  }

  /** Redraws from the runner's progress. */
  update(progress: RunProgress): void {
    this.#firstBacklog ??= progress.backlog > 0 ? progress.backlog : undefined;
    const total = this.#firstBacklog ?? 1;
    const done = Math.max(0, total - progress.backlog);
    const seconds = (Date.now() - this.#start) / 1000;
    const rate = seconds > 0 ? Math.round(progress.records / seconds) : 0;
    const perSecond = seconds > 0 ? done / seconds : 0;
    const eta = !this.#bounded ? "-" : perSecond > 0 ? `${Math.ceil(progress.backlog / perSecond)}s` : "?";
    const watermark = this.#bounded || progress.watermark <= MIN_TIMESTAMP || progress.watermark >= MAX_TIMESTAMP ? "" : ` | watermark ${new Date(progress.watermark).toISOString()}`;
    const mbps = this.#backlogInBytes && seconds > 0 && done > 0 ? ` | ${(done / 1e6 / seconds).toFixed(1)} MB/s` : "";
    const payload = { records: progress.records, rate, mbps, initial: progress.initialSplits, dynamic: progress.dynamicSplits, checkpoints: progress.checkpoints, watermark, eta_text: eta };
    if (!this.#started) {
      this.#bar.start(total, done, payload);
      this.#started = true;
    } else {
      this.#bar.update(done, payload);
    }
  }

  /** Removes the bar. */
  stop(): void {
    if (this.#started) this.#bar.stop();
  }
}
