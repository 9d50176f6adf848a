import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * Room the heap may take beyond what it held after the last full collection, before the next.
 * Enough that collections are rare (each marks the whole catalogue), little enough that a
 * worker's memory stays near what it holds.
 */
export const ROOM = 48 << 20;

/**
 * Keeps a worker's heap near what it holds. V8 collects a heap in full when it reaches a limit
 * set from its size after the last full collection (up to four times that), or when the thread
 * is idle; a worker computing a ledger flat out is never idle, so its heap grows to that limit
 * with garbage that outlived the young generation (a title's state replaced, a line kind's
 * bytes), several times the catalogue it holds. Checked between chunks, the heap is collected
 * once it has grown by ROOM since the last collection.
 */
export class HeapBound {
  private readonly collect: () => void;
  private bound = Number.POSITIVE_INFINITY;

  constructor() {
    // Exposes the collector to contexts made from now on, in this thread's heap only.
    setFlagsFromString("--expose-gc");
    this.collect = runInNewContext("gc") as () => void;
  }

  /** The heap size, in bytes, past which `check` collects. */
  get limit(): number {
    return this.bound;
  }

  /** Collects now, and sets the limit from what the heap then holds (after loading the catalogue). */
  settle(): void {
    this.collect();
    this.bound = getHeapStatistics().used_heap_size + ROOM;
  }

  /** Collects if the heap grew past its limit: whether it did. */
  check(): boolean {
    if (getHeapStatistics().used_heap_size <= this.bound) return false;
    this.settle();
    return true;
  }
}
