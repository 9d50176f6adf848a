import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { mkdtemp, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { InputFileError } from "./table.js";

const FLUSH_AT = 1 << 16;

/**
 * Where results go. Text is written to a temporary file and, on `commit`, renamed onto `--out`
 * (or copied to stdout), so an interrupted or failed run never leaves a half-written output;
 * `restart` empties it for a second attempt.
 */
export class Output {
  private buffer = "";
  private stream!: WriteStream;
  private tempPath!: string;
  private tempDir: string | undefined;

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
    if (this.target === undefined) {
      this.tempDir = await mkdtemp(join(tmpdir(), "residuals-"));
      this.tempPath = join(this.tempDir, "out");
    } else {
      this.tempPath = join(dirname(this.target), `.${basename(this.target)}.${process.pid}.tmp`);
    }
    // A deep buffer lets the disk catch up in the background; the caller waits only when far behind.
    this.stream = createWriteStream(this.tempPath, { highWaterMark: 8 << 20 });
    await new Promise<void>((resolve, reject) => {
      this.stream.once("open", () => resolve());
      this.stream.once("error", (error: NodeJS.ErrnoException) =>
        reject(new InputFileError(this.target ?? this.tempPath, `cannot be written (${error.code ?? error.message})`)),
      );
    });
  }

  /** Buffers text; the returned promise (when there is one) asks the caller to wait for the disk. */
  write(text: string): Promise<void> | undefined {
    this.buffer += text;
    if (this.buffer.length < FLUSH_AT) return undefined;
    return this.flush();
  }

  private flush(): Promise<void> | undefined {
    if (this.buffer.length === 0) return undefined;
    const ok = this.stream.write(this.buffer);
    this.buffer = "";
    return ok ? undefined : new Promise((resolve) => this.stream.once("drain", () => resolve()));
  }

  async restart(): Promise<void> {
    this.buffer = "";
    await this.close();
    await rm(this.tempPath, { force: true });
    await this.openTemp();
  }

  async commit(): Promise<void> {
    await this.flush();
    await this.close();
    if (this.target === undefined) {
      await pipeline(createReadStream(this.tempPath), this.stdout, { end: false });
      await this.discard();
    } else {
      await rename(this.tempPath, this.target);
    }
  }

  async discard(): Promise<void> {
    this.buffer = "";
    if (!this.stream.closed && !this.stream.writableEnded) await this.close();
    await rm(this.tempPath, { force: true });
    if (this.tempDir) await rm(this.tempDir, { recursive: true, force: true });
  }

  private close(): Promise<void> {
    return new Promise((resolve, reject) => this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }
}
