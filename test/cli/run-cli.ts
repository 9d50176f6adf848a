import { Writable } from "node:stream";
import { runCli } from "../../src/cli/main.js";
import type { Console } from "../../src/cli/console.js";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A stream that keeps what is written to it (a terminal's, `columns` wide, where given). */
class Collector extends Writable {
  text = "";
  isTTY: boolean;
  columns: number | undefined;
  constructor(columns?: number) {
    super();
    this.isTTY = columns !== undefined;
    this.columns = columns;
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/**
 * Runs the CLI in-process with a fake console and returns its exit code and output: not a
 * terminal, or with `columns`, a terminal that wide.
 */
export async function run(argv: string | readonly string[], columns?: number): Promise<CliRun> {
  const stdout = new Collector(columns);
  const stderr = new Collector(columns);
  const console: Console = { stdout, stderr };
  const args = typeof argv === "string" ? argv.split(/\s+/).filter(Boolean) : argv;
  const code = await runCli(args, console);
  return { code, stdout: stdout.text, stderr: stderr.text };
}
