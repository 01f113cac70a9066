import type { Writable } from "node:stream";

/** Writes lines to a stream in chunks of about 64 KiB, waiting when the stream is full. */
export class RecordWriter {
  readonly #stream: Writable;
  #pending: string[] = [];
  #pendingLength = 0;

  /** @param stream - where lines go (stdout) */
  constructor(stream: Writable) {
    this.#stream = stream;
  }

  /** Queues one line (without its newline); flushes when 64 KiB are queued. */
  async write(line: string): Promise<void> {
    this.#pending.push(line);
    this.#pendingLength += line.length + 1;
    if (this.#pendingLength >= 64 * 1024) await this.flush();
  }

  /** Writes what is queued and waits until the stream takes more. */
  async flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    const chunk = `${this.#pending.join("\n")}\n`;
    this.#pending = [];
    this.#pendingLength = 0;
    if (!this.#stream.write(chunk)) await new Promise<void>((resolve) => this.#stream.once("drain", resolve));
  }
}
