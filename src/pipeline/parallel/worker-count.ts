import { statSync } from "node:fs";
import { availableParallelism } from "node:os";

/** Below this size a ledger is computed on the main thread: starting workers would cost more. */
const PARALLEL_FROM_BYTES = 8 << 20;

/**
 * Worker threads for a pass over `usage` (0: the main thread computes). A large ledger is always
 * computed on workers, one with `--workers 1`, as only their pass sorts an unsorted ledger in
 * bounded memory.
 */
export function workerCount(args: { readonly usage: string; readonly workers?: number | undefined }): number {
  if (args.workers !== undefined && args.workers > 1) return args.workers;
  let size = 0;
  try {
    size = statSync(args.usage).size;
  } catch {
    return 0; // the main thread's pass reports the unreadable file
  }
  if (size < PARALLEL_FROM_BYTES) return 0;
  return args.workers ?? Math.min(2, availableParallelism());
}
