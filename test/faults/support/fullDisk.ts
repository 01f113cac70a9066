import { execFileSync } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, symlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** How a {@link FullDisk} makes writes fail with a real `ENOSPC`. */
export type FullDiskKind = "tmpfs" | "dev-full";

/**
 * A checkpoint directory whose disk can be filled on demand, so that the checkpoint store's
 * writes fail with a real `ENOSPC` from the kernel:
 *
 * - `tmpfs` (preferred; needs root with CAP_SYS_ADMIN): the directory is on a freshly mounted
 *   256 KiB tmpfs, and {@link FullDisk.fill} writes a filler file until the kernel refuses.
 * - `dev-full` (fallback): {@link FullDisk.fill} puts a symbolic link to `/dev/full` at the name
 *   of the store's temp file (`sdfkit-checkpoint.json.<pid>.tmp`, see CheckpointStore.write),
 *   and every write through it fails with `ENOSPC`.
 */
export class FullDisk {
  /** The checkpoint directory to give the runner. */
  readonly dir: string;
  /** Which mechanism is used. */
  readonly kind: FullDiskKind;
  private readonly root: string;
  private readonly mountPoint: string | null;
  private filler: number | null = null;
  private linked = false;

  private constructor(root: string, mountPoint: string | null) {
    this.root = root;
    this.mountPoint = mountPoint;
    this.kind = mountPoint === null ? "dev-full" : "tmpfs";
    this.dir = join(mountPoint ?? root, "checkpoints");
    mkdirSync(this.dir, { recursive: true });
  }

  /**
   * A new directory on a small disk; a tmpfs when this process may mount one, else a plain
   * temporary directory filled through `/dev/full`. Call {@link FullDisk.dispose} afterwards.
   */
  static create(): FullDisk {
    const root = mkdtempSync(join(tmpdir(), "sdfkit-fulldisk-"));
    if (process.env.SDFKIT_FAULTS_NO_MOUNT !== "1") {
      const mountPoint = join(root, "mnt");
      mkdirSync(mountPoint);
      try {
        execFileSync("mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", mountPoint], { stdio: "ignore" });
        return new FullDisk(root, mountPoint);
      } catch {
        // Not permitted here: fall back to /dev/full.
      }
    }
    return new FullDisk(root, null);
  }

  /** Fills the disk: from now on, writing the checkpoint fails with `ENOSPC`. */
  fill(): void {
    if (this.mountPoint !== null) {
      if (this.filler === null) this.filler = openSync(join(this.mountPoint, "filler"), "w");
      this.topUp();
      return;
    }
    while (!this.linked) {
      try {
        symlinkSync("/dev/full", join(this.dir, `sdfkit-checkpoint.json.${process.pid}.tmp`));
        this.linked = true;
      } catch (error) {
        // A checkpoint write has its temp file open right now: it completes, then we retry.
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        return;
      }
    }
  }

  /** Whether {@link FullDisk.fill} took effect (the /dev/full link may wait for a write in flight). */
  get full(): boolean {
    return this.mountPoint !== null ? this.filler !== null : this.linked;
  }

  /**
   * On a tmpfs, takes any space freed since (a checkpoint renamed over an older one frees that
   * one's page), so that the next write fails. Call it at every step after {@link FullDisk.fill}.
   */
  topUp(): void {
    if (this.filler === null) {
      if (this.mountPoint === null && !this.linked) this.fill();
      return;
    }
    const chunk = Buffer.alloc(4096, 0x2e);
    for (;;) {
      try {
        writeSync(this.filler, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOSPC") return;
        throw error;
      }
    }
  }

  /** Frees the disk again (removes the filler or the /dev/full link): writes succeed from now on. */
  free(): void {
    if (this.filler !== null) {
      closeSync(this.filler);
      this.filler = null;
      rmSync(join(this.mountPoint ?? this.root, "filler"), { force: true });
    }
    if (this.linked) {
      rmSync(join(this.dir, `sdfkit-checkpoint.json.${process.pid}.tmp`), { force: true });
      this.linked = false;
    }
  }

  /** Unmounts and removes everything. */
  dispose(): void {
    if (this.filler !== null) closeSync(this.filler);
    this.filler = null;
    if (this.mountPoint !== null) execFileSync("umount", [this.mountPoint], { stdio: "ignore" });
    rmSync(this.root, { recursive: true, force: true });
  }
}

/**
 * Mounts an empty read-only tmpfs and returns its path (writes in it fail with `EROFS`), or
 * `null` when this process may not mount. Call the returned `dispose` afterwards.
 */
export function mountReadOnly(): { readonly path: string; dispose(): void } | null {
  if (process.env.SDFKIT_FAULTS_NO_MOUNT === "1") return null;
  const root = mkdtempSync(join(tmpdir(), "sdfkit-rofs-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", root], { stdio: "ignore" });
  } catch {
    rmSync(root, { recursive: true, force: true });
    return null;
  }
  return {
    path: root,
    dispose(): void {
      execFileSync("umount", [root], { stdio: "ignore" });
      rmSync(root, { recursive: true, force: true });
    },
  };
}
