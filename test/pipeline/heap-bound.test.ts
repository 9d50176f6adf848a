import { getHeapStatistics } from "node:v8";
import { describe, expect, it } from "vitest";
import { HeapBound, ROOM } from "../../src/pipeline/parallel/heap-bound.js";

describe("HeapBound", () => {
  it("collects once the heap has grown by its room since the last collection, and not before", () => {
    const heap = new HeapBound();
    heap.settle();
    expect(heap.check()).toBe(false);
    // Held long enough to outlive the young generation, then dropped: old garbage.
    let held: { index: number; text: string }[] | undefined = [];
    while (getHeapStatistics().used_heap_size < heap.limit + (ROOM >> 2)) {
      for (let i = 0; i < 10_000; i++) held.push({ index: i, text: `row ${held.length}` });
    }
    expect(held.length).toBeGreaterThan(0);
    held = undefined;
    expect(heap.check()).toBe(true);
    expect(getHeapStatistics().used_heap_size).toBeLessThan(heap.limit);
    expect(heap.check()).toBe(false);
  });
});
