import { Writable } from "node:stream";
import { runCli } from "../../src/cli/main.js";
import type { Console } from "../../src/cli/console.js";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A stream that keeps what is written to it. */
class Collector extends Writable {
  text = "";
  isTTY = false;
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Runs the CLI in-process with a fake console (not a terminal) and returns its exit code and output. */
export async function run(argv: string | readonly string[]): Promise<CliRun> {
  const stdout = new Collector();
  const stderr = new Collector();
  const console: Console = { stdout, stderr };
  const args = typeof argv === "string" ? argv.split(/\s+/).filter(Boolean) : argv;
  const code = await runCli(args, console);
  return { code, stdout: stdout.text, stderr: stderr.text };
}
