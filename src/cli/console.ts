/** The program's streams, injectable so tests run the CLI in-process and read exact output. */
export interface Console {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export const processConsole: Console = { stdout: process.stdout, stderr: process.stderr };
