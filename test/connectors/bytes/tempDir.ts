import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";

/**
 * A fresh temporary directory, removed after the current test (permissions restored first, so
 * `chmod 000` fixtures do not leak).
 */
export function useTempDirs(): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) {
      restore(dir);
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), "sdfkit-bytes-"));
    made.push(dir);
    return dir;
  };
}

function restore(dir: string): void {
  try {
    chmodSync(dir, 0o700);
  } catch {
    // already gone
  }
}

/** Whether this process bypasses file permissions (root in a container): EACCES cannot happen. */
export const bypassesPermissions = process.getuid?.() === 0;

/** Concatenates chunks. */
export function concat(chunks: readonly Uint8Array[]): Buffer {
  return Buffer.concat(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)));
}

/** Collects every chunk of an async iterable. */
export async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return out;
}
