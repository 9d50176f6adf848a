/**
 * Which worker owns a title: a stable hash of its id (FNV-1a), so every row of a title goes to
 * the same worker and its chronological state stays in one place.
 */
export function shardOf(titleId: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < titleId.length; i++) {
    hash ^= titleId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}
