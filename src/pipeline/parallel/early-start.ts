import { WorkerLink } from "./link.js";

/** The files a parallel pass reads: each worker reads the catalogue, the main thread the ledger. */
export interface ParallelFiles {
  readonly titlesFile: string;
  readonly castFile?: string;
  readonly usageFile: string;
}

/**
 * Workers started as the process starts, from the command line's words, while the rest of the
 * program loads (see bin.ts): they read their catalogue meanwhile. Held here until the run asks
 * for its workers (see takeEarly).
 */
let early: { readonly files: ParallelFiles; readonly links: readonly WorkerLink[]; readonly names: boolean } | undefined;

/**
 * Starts the workers of a pass before the run is ready for them; they do not keep the process
 * alive until taken. `names`: whether they keep the catalogue's names (see startLinks).
 */
export function startEarly(files: ParallelFiles, shards: number, names: boolean): void {
  if (early !== undefined || shards < 1) return;
  const links = startLinks(files, shards, names);
  for (const link of links) link.keepAlive(false);
  early = { files, links, names };
}

/**
 * The workers started early, where they read these files in this many shards, keeping the
 * names where the run needs them: the run takes them. Any others are stopped (the run starts
 * its own, or needs none).
 */
export function takeEarly(files: ParallelFiles, shards: number, names: boolean): WorkerLink[] | undefined {
  const started = early;
  early = undefined;
  if (started === undefined) return undefined;
  if (started.links.length === shards && sameFiles(started.files, files) && (started.names || !names)) {
    for (const link of started.links) link.keepAlive(true);
    return [...started.links];
  }
  stopAll(started.links);
  return undefined;
}

/** Stops the workers started early, if any: the run computes on this thread. */
export function dropEarly(): void {
  if (early !== undefined) stopAll(early.links);
  early = undefined;
}

function stopAll(links: readonly WorkerLink[]): void {
  for (const link of links) link.stop().catch(() => undefined);
}

/**
 * A worker for each shard of the pass over these files. Without `names`, the workers check the
 * catalogue's names but keep none: a run that writes no names spends less on its catalogue.
 */
export function startLinks(files: ParallelFiles, shards: number, names: boolean): WorkerLink[] {
  const links: WorkerLink[] = [];
  for (let shard = 0; shard < shards; shard++) {
    links.push(new WorkerLink({ titlesFile: files.titlesFile, ...(files.castFile !== undefined ? { castFile: files.castFile } : {}), usageFile: files.usageFile, shard, shards, names }));
  }
  return links;
}

function sameFiles(a: ParallelFiles, b: ParallelFiles): boolean {
  return a.titlesFile === b.titlesFile && a.castFile === b.castFile && a.usageFile === b.usageFile;
}
