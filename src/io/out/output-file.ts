import { constants, createReadStream, createWriteStream, rmSync, type Stats, type WriteStream } from "node:fs";
import { access, mkdir, open, rename, rm, type FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { InputFileError } from "../csv/input-file-error.js";
import { resolveTarget, type Target } from "./targets.js";

const FLUSH_AT = 1 << 16;

/** The longest file name, in bytes, that Linux's file systems take (NAME_MAX). */
const NAME_MAX = 255;

/** Outputs whose temporary file exists: what `removeUnfinishedOutputs` cleans up. */
const unfinished = new Set<Output>();
/** Other temporary files being written (see holdTemporary). */
const unfinishedFiles = new Set<string>();

/**
 * Removes the temporary files of every output not yet committed or discarded, and those held
 * by holdTemporary, at once (no waiting): for a process that is about to exit on a signal.
 * Safe to call at any time.
 */
export function removeUnfinishedOutputs(): void {
  for (const output of unfinished) output.removeNow();
  unfinished.clear();
  for (const path of unfinishedFiles) rmSync(path, { recursive: true, force: true });
  unfinishedFiles.clear();
}

/**
 * A temporary file written outside an Output: removeUnfinishedOutputs removes it too until
 * the returned function is called (once it is renamed or removed).
 */
export function holdTemporary(path: string): () => void {
  unfinishedFiles.add(path);
  return () => unfinishedFiles.delete(path);
}

/**
 * Where a command's results (or rejects) go; every file the program writes goes through one.
 * Text is written to a temporary file and only put in place on `commit`, so an interrupted or
 * failed run leaves the target as it was:
 * - a regular file (or a new one): the temporary file sits beside it, takes its mode and owner,
 *   and is renamed over it; where a rename would lose something (the file has other hard
 *   links, or an owner this user cannot give a new file) the file is rewritten in place;
 * - anything else (stdout, a FIFO, a device, a descriptor path): the results are streamed
 *   into it, never replacing it; a reader that has gone away (EPIPE) is not an error.
 * A write that fails (a full disk) is an InputFileError naming the target.
 */
export class Output {
  private buffer = "";
  private stream!: WriteStream;
  private tempPath!: string;
  private tempDir: string | undefined;
  /** The first write error, reported by the next write, flush or commit. */
  private failure: InputFileError | undefined;
  /** An existing file rewritten in place at commit, instead of replaced by the temporary file. */
  private inPlace = false;
  private finished = false;
  /** stdout or a FIFO whose reader went away before it had everything. */
  readerGone = false;

  private constructor(
    readonly target: Target,
    private readonly stdout: NodeJS.WritableStream,
    private readonly stderr: NodeJS.WritableStream,
  ) {}

  /** `target`: a resolved target, a path given with --out, or undefined for stdout; `stderr` is where descriptor 2 is written. */
  static async open(target: Target | string | undefined, stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream = process.stderr): Promise<Output> {
    const resolved = typeof target === "string" ? await resolveTarget("--out", target) : (target ?? { kind: "stdout", flag: "--out", given: "stdout" });
    const output = new Output(resolved, stdout, stderr);
    await output.openTemp();
    return output;
  }

  /** What the messages call the target: the path as the user gave it, or stdout. */
  get name(): string {
    return this.target.kind === "stdout" ? "stdout" : this.target.given;
  }

  /** Put in place by one rename: it is whole or not there at all. */
  get atomic(): boolean {
    return this.target.kind === "file" && !this.inPlace;
  }

  private async openTemp(): Promise<void> {
    this.failure = undefined;
    this.finished = false;
    let handle: FileHandle;
    if (this.tempPath !== undefined) {
      // A restart: the same file, emptied (it already has the target's mode and owner).
      handle = await open(this.tempPath, "w").catch((error: Error) => {
        throw this.writeError(error, true);
      });
    } else {
      handle = await this.createTemp();
    }
    // A deep buffer lets the disk catch up in the background; the caller waits only when far behind.
    const stream = createWriteStream(this.tempPath, { fd: handle, highWaterMark: 8 << 20 });
    this.stream = stream;
    stream.on("error", (error: Error) => {
      this.failure ??= this.writeError(error, true);
    });
  }

  /** Creates the temporary file; from the moment it exists, an interruption removes it. */
  private async createTemp(): Promise<FileHandle> {
    const target = this.target;
    if (target.kind === "file") {
      try {
        return await this.tempBeside(target.path, target.existing);
      } catch (error) {
        // A folder this user cannot write in, holding a file they can: rewrite that file in place.
        const code = (error as NodeJS.ErrnoException).code;
        if (target.existing === undefined || (code !== "EACCES" && code !== "EPERM" && code !== "EROFS")) throw this.writeError(error as Error, false);
        this.inPlace = true;
      }
      await access(target.path, constants.W_OK).catch((error: Error) => {
        throw this.writeError(error, false);
      });
    }
    // Kept away from the target (a stream has no folder of its own to put it in).
    const folder = await createUnique(tmpdir(), "residuals-output", (path) => mkdir(path, { mode: 0o700 }));
    this.tempDir = folder.path;
    unfinished.add(this);
    folder.release();
    this.tempPath = join(this.tempDir, "out");
    return open(this.tempPath, "wx", 0o600);
  }

  /** The temporary file in the target's folder, with the existing file's owner and mode. */
  private async tempBeside(path: string, existing: Stats | undefined): Promise<FileHandle> {
    const name = await createUnique(dirname(path), `.${basename(path)}`, (temp) => open(temp, "wx", existing ? 0o600 : 0o666));
    const handle = name.made;
    this.tempPath = name.path;
    unfinished.add(this);
    name.release();
    try {
      if (existing === undefined) return handle;
      const made = await handle.stat();
      if (existing.nlink > 1) this.inPlace = true;
      else if (made.uid !== existing.uid || made.gid !== existing.gid) {
        await handle.chown(existing.uid, existing.gid).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== "EPERM") throw error;
          this.inPlace = true; // only the owner's own file can keep its owner
        });
      }
      if (this.inPlace) {
        await access(path, constants.W_OK);
      } else {
        // After chown, which clears set-user-ID and set-group-ID bits.
        await handle.chmod(existing.mode & 0o7777);
      }
      return handle;
    } catch (error) {
      await handle.close();
      await rm(name.path, { force: true });
      unfinished.delete(this);
      throw error;
    }
  }

  /** Buffers text; the returned promise (when there is one) asks the caller to wait for the disk. */
  write(text: string): Promise<void> | undefined {
    if (this.failure) return Promise.reject(this.failure);
    this.buffer += text;
    if (this.buffer.length < FLUSH_AT) return undefined;
    return this.flush();
  }

  /**
   * Writes bytes after any text written before them. The bytes are handed over: the caller
   * must not change them until `written` is called (the file may be written from them later).
   * Where earlier bytes are still being written, the promise asks the caller to let this
   * thread take the disk's news: a write ends on another thread, and the next one starts only
   * once this thread hears of it, so a caller writing on without a pause would leave the disk
   * idle until the stream's buffer is full.
   */
  writeBytes(bytes: Uint8Array, written?: () => void): Promise<void> | undefined {
    if (this.failure) return Promise.reject(this.failure);
    if (this.buffer.length > 0) {
      this.stream.write(this.buffer);
      this.buffer = "";
    }
    if (!this.stream.write(bytes, written && (() => written()))) return this.drained();
    return this.stream.writableLength > bytes.length ? new Promise((resolve) => setImmediate(resolve)) : undefined;
  }

  private flush(): Promise<void> | undefined {
    if (this.failure) return Promise.reject(this.failure);
    if (this.buffer.length === 0) return undefined;
    const ok = this.stream.write(this.buffer);
    this.buffer = "";
    return ok ? undefined : this.drained();
  }

  /** Waits until the stream takes more text, or has failed (then there is no 'drain', only 'close'). */
  private drained(): Promise<void> {
    const stream = this.stream;
    return new Promise((resolve, reject) => {
      const done = () => {
        stream.off("drain", done);
        stream.off("close", done);
        if (this.failure) reject(this.failure);
        else resolve();
      };
      stream.on("drain", done);
      stream.on("close", done);
    });
  }

  async restart(): Promise<void> {
    this.buffer = "";
    await this.shut();
    await this.openTemp();
  }

  /** Writes out everything written so far and closes the temporary file: a failure here changes no target. */
  async finish(): Promise<void> {
    if (this.finished) return;
    await this.flush();
    await this.close();
    this.finished = true;
  }

  /** Puts the results in place (see the class); one output alone: see commitOutputs for several. */
  async commit(): Promise<void> {
    await this.finish();
    const target = this.target;
    if (target.kind === "file" && !this.inPlace) {
      try {
        await rename(this.tempPath, target.path);
      } catch (error) {
        throw this.writeError(error as Error, false);
      }
      unfinished.delete(this);
      return;
    }
    let opened = false;
    try {
      let into = this.stdout;
      if (target.kind === "stream" && target.fd !== undefined) {
        // Written through the descriptor itself: reopening its path would start a file it
        // names at its first byte (over what was written, or appended, there before).
        into = target.fd === 2 ? this.stderr : createWriteStream("", { fd: target.fd, autoClose: false });
      } else if (target.kind !== "stdout") {
        // Opened only now: a FIFO's open waits for its reader. Never created or replaced.
        const handle = await open(target.path, constants.O_WRONLY | (this.inPlace ? constants.O_TRUNC : 0));
        opened = true;
        into = createWriteStream(target.path, { fd: handle });
      }
      await pipeline(createReadStream(this.tempPath), into, { end: into !== this.stdout && into !== this.stderr });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EPIPE") {
        const partly = this.inPlace && opened ? "; it holds part of the results now" : "";
        throw this.writeError(error as Error, false, partly);
      }
      this.readerGone = true;
    }
    await this.discard();
  }

  /** Drops what was written (a no-op after commit); never fails for a write error, which was reported already. */
  async discard(): Promise<void> {
    this.buffer = "";
    if (!unfinished.has(this)) return;
    await this.shut();
    await rm(this.tempPath, { force: true });
    if (this.tempDir) await rm(this.tempDir, { recursive: true, force: true });
    unfinished.delete(this);
  }

  /** The synchronous part of removeUnfinishedOutputs. */
  removeNow(): void {
    (this.stream as WriteStream | undefined)?.destroy(); // not there yet if interrupted while it was being opened
    try {
      if (this.tempPath !== undefined) rmSync(this.tempPath, { force: true });
      if (this.tempDir) rmSync(this.tempDir, { recursive: true, force: true });
    } catch {
      // Best effort: the process is on its way out.
    }
  }

  /** Ends the file, all of it written; a write error here or before is reported. */
  private close(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) =>
      this.stream.end((error?: Error | null) => (error ? reject(this.failure ?? this.writeError(error, true)) : resolve())),
    );
  }

  /** Closes the file without writing what is pending (its content is being thrown away). */
  private async shut(): Promise<void> {
    const stream = this.stream;
    if (stream.closed) return;
    await new Promise<void>((resolve) => {
      stream.once("close", () => resolve());
      stream.destroy();
    });
  }

  /** `toTemp`: the error came from the temporary file (for a stream, it sits elsewhere: name it too). */
  private writeError(error: Error, toTemp: boolean, more = ""): InputFileError {
    const where = toTemp && this.tempDir !== undefined && !this.inPlace ? `; temporary file ${this.tempPath}` : "";
    return new InputFileError(this.name, `cannot be written (${error.message}${where})${more}`);
  }
}

/**
 * Commits several outputs of one run together: all are finished first (a full disk then
 * changes no target), streams are written before the files put in place by a rename (which
 * is whole or not at all). If one still fails, the message says which were written.
 */
export async function commitOutputs(outputs: readonly (Output | undefined)[]): Promise<void> {
  const present = outputs.filter((output): output is Output => output !== undefined);
  for (const output of present) await output.finish();
  const written: string[] = [];
  for (const output of [...present.filter((o) => !o.atomic), ...present.filter((o) => o.atomic)]) {
    try {
      await output.commit();
    } catch (error) {
      if (!(error instanceof InputFileError) || written.length === 0) throw error;
      const detail = error.message.slice(error.file.length + 2);
      throw new InputFileError(error.file, `${detail}; ${written.join(" and ")} ${written.length === 1 ? "was" : "were"} written`);
    }
    written.push(output.name);
  }
}

/**
 * Creates `.<name>.<pid>.tmp` in `folder`, never over an existing file, with the name cut to
 * what the file system takes (a long target name must not make its temporary name too long).
 */
/**
 * Makes a new file or folder named after `name` in `folder` (`create` makes it, failing with
 * EEXIST where the name is taken). The name is held for removal on an interruption from before
 * the call that makes it: a signal that comes while it is being made, or just after, still
 * finds it. The caller releases it once it keeps the path itself.
 */
async function createUnique<T>(folder: string, name: string, create: (path: string) => Promise<T>): Promise<{ made: T; path: string; release: () => void }> {
  for (let attempt = 0; ; attempt++) {
    const suffix = `.${process.pid}${attempt === 0 ? "" : `-${attempt}`}.tmp`;
    const path = join(folder, `${cutToBytes(name, NAME_MAX - Buffer.byteLength(suffix))}${suffix}`);
    const release = holdTemporary(path);
    try {
      return { made: await create(path), path, release };
    } catch (error) {
      release(); // not ours: someone else's file of that name, or none made
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt >= 100) throw error;
    }
  }
}

/** `text`'s longest prefix of at most `bytes` bytes of UTF-8, never cutting a character. */
function cutToBytes(text: string, bytes: number): string {
  if (Buffer.byteLength(text) <= bytes) return text;
  let cut = "";
  for (const char of text) {
    if (Buffer.byteLength(cut + char) > bytes) break;
    cut += char;
  }
  return cut;
}
