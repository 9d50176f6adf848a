import { runLedger, StrictStop, type LedgerSink, type LedgerStats } from "./ledger.js";
import { LedgerWorkers, runParallel } from "./parallel/pool.js";
import { dropEarly } from "./parallel/early-start.js";
import { workerCount } from "./parallel/worker-count.js";
import type { ParallelTask } from "./parallel/protocol.js";
import type { LineTotals } from "./totals.js";
import type { LoadedContract } from "../contracts/load.js";
import type { CastList } from "../domain/inputs.js";
import { readCatalogue, type CatalogueCounts } from "../io/csv/catalogue.js";
import { readCsv } from "../io/csv/records.js";
import type { RejectsLog } from "../io/out/rejects.js";
import { readServices } from "../io/csv/services.js";

/** The files and choices of a pass over a ledger (the command line's flags give them). */
export interface LedgerFiles {
  readonly titles: string;
  readonly usage: string;
  readonly cast?: string | undefined;
  /** Subscriber counts per service (the success bonus). */
  readonly services?: string | undefined;
  readonly strict: boolean;
  /** Threads; undefined: chosen by the ledger's size. */
  readonly workers?: number | undefined;
}

/** A sink that can also take the parallel pass's results: formatted bodies or merged snapshots. */
export interface PassSink extends LedgerSink {
  /** calc: one line body, formatted by a worker as UTF-8 (see LinesWriter.encodedBody). */
  encodedBody?(bytes: Uint8Array, from: number, to: number): Promise<void> | undefined;
  /** compare: a worker's share of the comparison. */
  merge?(snapshot: never): void;
  /** The per-contract totals, to be replaced by the workers' merged totals. */
  adoptTotals?(totals: LineTotals[]): void;
  /** On this thread: the cast read, for performers' names. */
  useCast?(cast: CastList | undefined): void;
}

export interface PassResult {
  readonly stats: LedgerStats;
  readonly catalogue: CatalogueCounts;
}

/**
 * The workers of a pass over a large ledger, started as soon as the run knows its task (none
 * for a small ledger, or a task computed on this thread only): they read the catalogue while
 * this thread loads the contracts. The caller stops them if the run ends before its pass.
 */
export function startLedgerWorkers(args: LedgerFiles, task: ParallelTask | undefined): LedgerWorkers | undefined {
  const workers = task === undefined ? 0 : workerCount(args);
  if (task === undefined || workers === 0) {
    dropEarly();
    return undefined;
  }
  return LedgerWorkers.start(task, { titlesFile: args.titles, ...(args.cast !== undefined ? { castFile: args.cast } : {}), usageFile: args.usage }, workers);
}

/**
 * One pass over the ledger for calc or compare: on `workers` where there are (see
 * startLedgerWorkers), else on this thread. Both give the same bytes, in any order of the
 * ledger: the workers' pass sorts an unsorted ledger in bounded memory (see runParallel), this
 * thread's holds a small one's rows and sorts them. Every rejection goes to `rejects` as it is
 * found: the catalogue's (titles, cast, services), then the ledger's in input order.
 */
export async function passOverLedger(
  args: LedgerFiles,
  loaded: readonly LoadedContract[],
  workers: LedgerWorkers | undefined,
  sink: PassSink,
  rejects: RejectsLog,
  progress?: (records: number) => void,
): Promise<PassResult> {
  const services = args.services === undefined ? undefined : await readServices(args.services);
  if (args.strict && services && services.rejections.length > 0) throw new StrictStop(services.rejections[0]!);
  const withServices = (counts: CatalogueCounts): CatalogueCounts =>
    services === undefined ? counts : { ...counts, servicesUsed: services.used, rejections: [...counts.rejections, ...services.rejections] };
  if (workers !== undefined) {
    const result = await runParallel(
        workers,
        {
          contracts: loaded.map((entry) => ({ file: entry.chain[0]!, terms: entry.file })),
          ...(services ? { services: services.services } : {}),
          strict: args.strict,
          ...(progress ? { progress } : {}),
        },
        {
          body: (bytes, from, to) => sink.encodedBody!(bytes, from, to),
          catalogue: (counts) => rejects.addCatalogue(withServices(counts).rejections),
          reject: (rejection) => rejects.add(rejection),
          restart: async () => {
            await sink.restart();
            await rejects.restart();
          },
        },
      );
    for (const snapshot of result.comparisons) if (snapshot !== undefined) sink.merge?.(snapshot as never);
    sink.adoptTotals?.(result.totals);
    return { stats: result.stats, catalogue: withServices(result.catalogue) };
  }
  const contracts = loaded.map((entry) => entry.contract);
  const catalogue = await readCatalogue(args.titles, args.cast, undefined, readCsv);
  if (args.strict && catalogue.rejections.length > 0) throw new StrictStop(catalogue.rejections[0]!);
  const counts = withServices(catalogue.counts);
  await rejects.addCatalogue(counts.rejections);
  sink.useCast?.(catalogue.cast);
  const stats = await runLedger(
    contracts,
    {
      usageFile: args.usage,
      titles: catalogue.titles,
      ...(catalogue.cast ? { cast: catalogue.cast } : {}),
      ...(services ? { services: services.services } : {}),
      strict: args.strict,
      ...(progress ? { progress } : {}),
    },
    sink,
    rejects,
  );
  return { stats, catalogue: counts };
}
