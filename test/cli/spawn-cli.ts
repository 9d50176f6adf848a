import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { chownSync } from "node:fs";
import { join } from "node:path";
import { tempFiles } from "../fixtures/temp-files.js";

const ROOT = join(import.meta.dirname, "../..");

/** `nobody`: the user the CLI runs as in these tests when they run as root, so root's powers hide no fault. */
export const NOBODY = 65534;
export const isRoot = process.getuid?.() === 0;
export const NEEDS_ROOT = "giving a file another owner needs root";

/** Starts the CLI from its sources in another process, as `nobody` when the tests run as root (else as the user running them). */
export function spawnCli(args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/bin.ts"), ...args], {
    cwd: ROOT,
    ...(isRoot ? { uid: NOBODY, gid: NOBODY } : {}),
    ...options,
  });
}

export interface SpawnedRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in another process (see spawnCli) to its end. */
export function runSpawned(args: readonly string[], options: SpawnOptions = {}): Promise<SpawnedRun> {
  const child = spawnCli(args, { stdio: ["ignore", "pipe", "pipe"], ...options });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** A temporary folder (see tempFiles) that the spawned CLI's user owns, with its files. */
export function userFolder(files: Record<string, string | Uint8Array> = {}): string {
  const dir = tempFiles(files);
  if (isRoot) {
    chownSync(dir, NOBODY, NOBODY);
    for (const name of Object.keys(files)) chownSync(join(dir, name), NOBODY, NOBODY);
  }
  return dir;
}
