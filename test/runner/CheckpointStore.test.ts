import { symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CheckpointError } from "../../src/index.js";
import { OS_ERROR_CODES } from "../../src/errors/osErrorCodes.js";
import { CheckpointStore, type CheckpointSnapshot } from "../../src/runner/CheckpointStore.js";
import { freshDir, removeDir } from "./fixtures/helpers.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) removeDir(dir);
});

function newDir(): string {
  const dir = freshDir("sdfkit-store-");
  dirs.push(dir);
  return dir;
}

function snapshot(elementsConsumed: number): CheckpointSnapshot {
  return { version: 1, source: "TestSource", elementsConsumed, elementsFingerprint: "f", items: [] };
}

async function failure(promise: Promise<unknown>): Promise<CheckpointError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CheckpointError);
  return error as CheckpointError;
}

describe("CheckpointStore file-system errors", () => {
  it("write under a regular file (ENOTDIR): a CheckpointError naming the path, the cause and what to do; cause kept", async () => {
    const file = join(newDir(), "file");
    writeFileSync(file, "x");
    const store = new CheckpointStore(join(file, "ckpt"));
    const error = await failure(store.write(snapshot(1)));
    expect(error.message).toContain(store.path);
    expect(error.message).toContain("a part of the path is not a directory (ENOTDIR)");
    expect(error.message).toContain("no offsets were committed and no bundle was finalized past the last checkpoint");
    expect(error.message).toContain("Set checkpointDir to a directory");
    expect((error.cause as NodeJS.ErrnoException).code).toBe("ENOTDIR");
    expect(error.context.input).toBe(store.path);
    expect(error.retriable).toBe(false);
  });

  it("read under a regular file: says the run did not start", async () => {
    const file = join(newDir(), "file");
    writeFileSync(file, "x");
    const store = new CheckpointStore(join(file, "ckpt"));
    const error = await failure(store.read());
    expect(error.message).toMatch(/^Cannot read checkpoint .*: a part of the path is not a directory \(ENOTDIR\)\. The run did not start/);
  });

  it("a full disk (real ENOSPC through /dev/full): 'the disk is full'; the previous checkpoint stays readable", async () => {
    const dir = newDir();
    const store = new CheckpointStore(dir);
    await store.write(snapshot(1));
    symlinkSync("/dev/full", `${store.path}.${process.pid}.tmp`);
    const error = await failure(store.write(snapshot(2)));
    expect(error.message).toContain(`Cannot write checkpoint ${store.path}: the disk is full (ENOSPC).`);
    expect(error.message).toContain("Free space on the disk holding checkpointDir");
    expect((error.cause as NodeJS.ErrnoException).code).toBe("ENOSPC");
    expect((await store.read())?.elementsConsumed).toBe(1);
  });

  it.each([
    ["EACCES", "permission denied (EACCES)", "write access"],
    ["EROFS", "the file system is read-only (EROFS)", "writable file system"],
    ["EDQUOT", "the disk quota is exhausted (EDQUOT)", "quota"],
    ["EIO", "the disk reported an I/O error (EIO)", "Check the disk"],
  ])("maps %s to words and advice", (code, reason, advice) => {
    const store = new CheckpointStore("/somewhere");
    const cause = Object.assign(new Error(`${code}: raw`), { code });
    const error = store.fsFailure("write", cause);
    expect(error.message).toContain(`Cannot write checkpoint ${store.path}: ${reason}.`);
    expect(error.message).toContain(advice);
    expect(error.cause).toBe(cause);
  });

  it("a code the OS table knows but the checkpoint advice does not (EMFILE): the OS words and a generic advice", () => {
    const error = new CheckpointStore("/somewhere").fsFailure("read", Object.assign(new Error("EMFILE: raw"), { code: "EMFILE" }));
    expect(error.message).toContain(`: ${OS_ERROR_CODES.EMFILE.reason} (EMFILE). The run did not start`);
    expect(error.message).toContain("choose another checkpointDir");
  });

  it("an unknown error keeps its own text and a generic advice", () => {
    const error = new CheckpointStore("/somewhere").fsFailure("write", new Error("strange"));
    expect(error.message).toContain("Error: strange.");
    expect(error.message).toContain("choose another checkpointDir");
  });
});
