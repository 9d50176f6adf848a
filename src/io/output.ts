import { createReadStream, createWriteStream, rmSync, type WriteStream } from "node:fs";
import { mkdtemp, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { InputFileError } from "./table.js";

const FLUSH_AT = 1 << 16;

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
  for (const path of unfinishedFiles) rmSync(path, { force: true });
  unfinishedFiles.clear();
}

/**
 * A temporary file written outside an Output (the rejects file): removeUnfinishedOutputs
 * removes it too until the returned function is called (once it is renamed or removed).
 */
export function holdTemporary(path: string): () => void {
  unfinishedFiles.add(path);
  return () => unfinishedFiles.delete(path);
}

/**
 * Where results go. Text is written to a temporary file and, on `commit`, renamed onto `--out`
 * (or copied to stdout), so an interrupted or failed run never leaves a half-written output;
 * `restart` empties it for a second attempt. A write that fails (a full disk) is an
 * InputFileError naming `--out` (or stdout).
 */
export class Output {
  private buffer = "";
  private stream!: WriteStream;
  private tempPath!: string;
  private tempDir: string | undefined;
  /** The first write error, reported by the next write, flush or commit. */
  private failure: InputFileError | undefined;

  private constructor(
    private readonly target: string | undefined,
    private readonly stdout: NodeJS.WritableStream,
  ) {}

  static async open(target: string | undefined, stdout: NodeJS.WritableStream): Promise<Output> {
    const output = new Output(target, stdout);
    await output.openTemp();
    return output;
  }

  private async openTemp(): Promise<void> {
    this.failure = undefined;
    if (this.target === undefined) {
      // One folder for the output's whole life: a restart writes the file in it anew.
      this.tempDir ??= await mkdtemp(join(tmpdir(), "residuals-"));
      this.tempPath = join(this.tempDir, "out");
    } else {
      this.tempPath = join(dirname(this.target), `.${basename(this.target)}.${process.pid}.tmp`);
    }
    unfinished.add(this);
    // A deep buffer lets the disk catch up in the background; the caller waits only when far behind.
    const stream = createWriteStream(this.tempPath, { highWaterMark: 8 << 20 });
    this.stream = stream;
    try {
      await new Promise<void>((resolve, reject) => {
        stream.once("open", () => resolve());
        stream.once("error", (error: NodeJS.ErrnoException) =>
          reject(new InputFileError(this.target ?? this.tempPath, `cannot be written (${error.code ?? error.message})`)),
        );
      });
    } catch (error) {
      unfinished.delete(this);
      if (this.tempDir) await rm(this.tempDir, { recursive: true, force: true });
      throw error;
    }
    stream.on("error", (error: Error) => {
      this.failure ??= this.writeError(error, true);
    });
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
   */
  writeBytes(bytes: Uint8Array, written?: () => void): Promise<void> | undefined {
    if (this.failure) return Promise.reject(this.failure);
    if (this.buffer.length > 0) {
      this.stream.write(this.buffer);
      this.buffer = "";
    }
    return this.stream.write(bytes, written && (() => written())) ? undefined : this.drained();
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
    await rm(this.tempPath, { force: true });
    await this.openTemp();
  }

  async commit(): Promise<void> {
    await this.flush();
    await this.close();
    if (this.target === undefined) {
      try {
        await pipeline(createReadStream(this.tempPath), this.stdout, { end: false });
      } catch (error) {
        throw this.writeError(error as Error, false);
      }
      await this.discard();
    } else {
      try {
        await rename(this.tempPath, this.target);
      } catch (error) {
        throw this.writeError(error as Error, false);
      }
      unfinished.delete(this);
    }
  }

  /** Drops what was written (a no-op after commit); never fails for a write error, which was reported already. */
  async discard(): Promise<void> {
    this.buffer = "";
    await this.shut();
    await rm(this.tempPath, { force: true });
    if (this.tempDir) await rm(this.tempDir, { recursive: true, force: true });
    unfinished.delete(this);
  }

  /** The synchronous part of removeUnfinishedOutputs. */
  removeNow(): void {
    this.stream.destroy();
    try {
      rmSync(this.tempPath, { force: true });
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

  /** `toTemp`: the error came from the temporary file (for stdout, it sits elsewhere: name it too). */
  private writeError(error: Error, toTemp: boolean): InputFileError {
    const where = toTemp && this.target === undefined ? `; temporary file ${this.tempPath}` : "";
    return new InputFileError(this.target ?? "stdout", `cannot be written (${error.message}${where})`);
  }
}
