import { asciiDelimiter, readCsv, type CsvRecord } from "../../io/csv/records.js";
import type { CatalogueCounts } from "../../io/csv/catalogue.js";
import type { Rejection } from "../../io/csv/column-reader.js";
import { StrictStop, type LedgerStats } from "../ledger.js";
import { LineTotals } from "../totals.js";
import { PlainLedger } from "./chunks.js";
import { WorkerLink } from "./link.js";
import { pack } from "./packing.js";
import { NOT_MINE, REJECTED, type BatchResults, type ContractTerms, type ParallelTask, type WorkerSetup } from "./protocol.js";
import { RecordDealer } from "./shard.js";

export { UnsortedLedger } from "./link.js";

/** The files a parallel pass reads: each worker reads the catalogue, the main thread the ledger. */
export interface ParallelFiles {
  readonly titlesFile: string;
  readonly castFile?: string;
  readonly usageFile: string;
}

export interface ParallelInputs {
  readonly contracts: readonly ContractTerms[];
  readonly strict?: boolean;
  readonly progress?: (records: number) => void;
}

export interface ParallelHandlers {
  /** One line body (calc; compare has none), as UTF-8 bytes: `bytes` from `from` to `to`, in input order. */
  readonly body: (bytes: Uint8Array, from: number, to: number) => Promise<void> | undefined;
  readonly reject: (rejection: Rejection) => void;
}

export interface ParallelResult {
  readonly stats: LedgerStats;
  readonly catalogue: CatalogueCounts;
  readonly totals: LineTotals[];
  /** Each worker's comparison snapshot (compare only). */
  readonly comparisons: unknown[];
}

/**
 * At most this many batches (or chunks) are out with the workers at once (memory stays bounded).
 * 8 keeps both workers busy; 24 cost some 40 MB more at peak on the 1M-row bench, for no speed.
 */
const IN_FLIGHT = 8;

/**
 * The worker threads of a ledger pass, started before its contracts are loaded: each reads its
 * share of the catalogue meanwhile (a run's start was that much shorter: some 70 ms of 0.6 s
 * before the first row, measured on the bench's 100,000 titles). runParallel starts stopping
 * them when it is done; the run awaits `stop` before it ends, in any case.
 */
export class LedgerWorkers {
  private constructor(
    readonly links: readonly WorkerLink[],
    /** The files of the pass: the workers read the catalogue's, runParallel the ledger. */
    readonly files: ParallelFiles,
  ) {}

  static start(task: ParallelTask, files: ParallelFiles, shards: number): LedgerWorkers {
    const links: WorkerLink[] = [];
    for (let shard = 0; shard < shards; shard++) {
      const setup: WorkerSetup = {
        task,
        titlesFile: files.titlesFile,
        ...(files.castFile !== undefined ? { castFile: files.castFile } : {}),
        usageFile: files.usageFile,
        shard,
        shards,
      };
      links.push(new WorkerLink(setup));
    }
    return new LedgerWorkers(links, files);
  }

  private stopping: Promise<void> | undefined;

  /** Stops the workers, once however often it is called: each call gives the same promise. */
  stop(): Promise<void> {
    if (this.stopping === undefined) {
      this.stopping = Promise.all(this.links.map((link) => link.stop())).then(() => undefined);
      // A failure is reported where the stop is awaited; one not yet awaited must not crash the process.
      this.stopping.catch(() => undefined);
    }
    return this.stopping;
  }
}

/**
 * The ledger pass on several threads; each worker computes the records of the titles it owns.
 * A plain ledger (see PlainLedger) goes to every worker in chunks of lines, which each reads
 * for its own records; any other is parsed here and each record dealt to its owner. Results
 * come back per batch or chunk and are put back in input order, so the output is byte for byte
 * that of the single-threaded pass. The workers are told to stop when it ends (see LedgerWorkers).
 */
export async function runParallel(pool: LedgerWorkers, inputs: ParallelInputs, handlers: ParallelHandlers): Promise<ParallelResult> {
  const workers = pool.links;
  const shards = workers.length;
  for (const worker of workers) worker.send({ type: "contracts", contracts: inputs.contracts });
  // Whether the ledger is plain is found out while the workers start.
  const plain = PlainLedger.open(pool.files.usageFile);
  try {
    const ready = await Promise.all(workers.map((worker) => worker.ready));
    const catalogue = mergeCatalogues(ready.map((message) => message.catalogue), pool.files.titlesFile);
    if (inputs.strict && catalogue.rejections.length > 0) throw new StrictStop(catalogue.rejections[0]!);

    let seq = 0;
    let records = 0;
    let rowsRejected = 0;
    const pending: Promise<BatchResults[]>[] = [];

    // Puts the oldest batch's (or chunk's) results back in record order and hands them on.
    const drainOldest = async (): Promise<void> => {
      const perWorker = await pending.shift()!;
      const cursors = perWorker.map(() => ({ body: 0, offset: 0, rejection: 0 }));
      const inBatch = perWorker[0]!.lineCounts.length;
      for (let index = 0; index < inBatch; index++) {
        let owner = 0;
        while (perWorker[owner]!.lineCounts[index] === NOT_MINE) owner++;
        const results = perWorker[owner]!;
        const cursor = cursors[owner]!;
        const lines = results.lineCounts[index]!;
        if (lines === REJECTED) {
          const rejection = results.rejections[cursor.rejection++]!;
          rowsRejected++;
          handlers.reject(rejection);
          if (inputs.strict) throw new StrictStop(rejection);
          continue;
        }
        for (let k = 0; k < lines; k++) {
          const from = cursor.offset;
          cursor.offset += results.bodyLengths[cursor.body++]!;
          const waiting = handlers.body(results.bytes, from, cursor.offset);
          if (waiting) await waiting;
        }
      }
    };
    // Keeps a batch's results in line, and holds the reader back while IN_FLIGHT are out.
    const dispatch = async (results: Promise<BatchResults[]>, batchRecords: number): Promise<void> => {
      records += batchRecords;
      inputs.progress?.(records);
      // A failure is reported where the batch is drained; a batch never drained must not crash the process.
      results.catch(() => undefined);
      pending.push(results);
      if (pending.length >= IN_FLIGHT) await drainOldest();
    };

    if (plain) {
      for (const worker of workers) worker.send({ type: "header", header: plain.header });
      const dealer = new RecordDealer(plain.header, shards);
      const delimiter = asciiDelimiter(plain.delimiter);
      for (const chunk of plain.chunks((bytes, from, end, record) => dealer.ownerOfBytes(bytes, from, end, record, delimiter))) {
        const id = seq++;
        const results = Promise.all(workers.map((worker) => worker.chunk(id, chunk, plain.delimiter))).then((perWorker) => {
          plain.recycle(chunk);
          return perWorker;
        });
        await dispatch(results, chunk.records);
      }
    } else {
      let dealer: RecordDealer;
      await readCsv(
        pool.files.usageFile,
        (header) => {
          dealer = new RecordDealer(header, shards);
          for (const worker of workers) worker.send({ type: "header", header });
        },
        async (batch: CsvRecord[]) => {
          const owners = new Uint8Array(batch.length);
          const parts: CsvRecord[][] = workers.map(() => []);
          batch.forEach((record, index) => {
            const owner = dealer.ownerOf(record.values, record.record, record.malformed);
            owners[index] = owner;
            parts[owner]!.push(record);
          });
          const id = seq++;
          const dealt = workers.map((worker, shard) => worker.batch(id, pack(parts[shard]!)));
          const results = Promise.all(dealt).then((perWorker) => perWorker.map((results, shard) => spreadOver(results, owners, shard)));
          await dispatch(results, batch.length);
        },
      );
    }
    while (pending.length > 0) await drainOldest();

    const done = await Promise.all(workers.map((worker) => worker.finish()));
    const totals = done[0]!.totals.map(() => new LineTotals());
    for (const result of done) result.totals.forEach((data, index) => totals[index]!.merge(data));
    return {
      stats: { rowsRead: records, rowsRejected, streamed: true },
      catalogue,
      totals,
      comparisons: done.map((result) => result.comparison),
    };
  } finally {
    plain?.close();
    // Not awaited here: a worker's heap takes tens of milliseconds to tear down, while the
    // caller commits its output; the caller awaits the same stop before the run ends.
    void pool.stop();
  }
}

/** A worker's results for the records it was dealt, as for the whole batch (NOT_MINE for the others'). */
function spreadOver(results: BatchResults, owners: Uint8Array, shard: number): BatchResults {
  const lineCounts = new Int32Array(owners.length).fill(NOT_MINE);
  let next = 0;
  for (let index = 0; index < owners.length; index++) if (owners[index] === shard) lineCounts[index] = results.lineCounts[next++]!;
  return { ...results, lineCounts };
}

/**
 * The workers' shares of the catalogue as one: counts added, rejections in the order one
 * thread gives them (the titles file's, then the cast file's, each in record order).
 */
function mergeCatalogues(shares: readonly CatalogueCounts[], titlesFile: string): CatalogueCounts {
  const rejections = shares.flatMap((share) => share.rejections);
  rejections.sort((a, b) => Number(b.file === titlesFile) - Number(a.file === titlesFile) || a.record - b.record);
  return {
    titlesUsed: shares.reduce((sum, share) => sum + share.titlesUsed, 0),
    castUsed: shares.reduce((sum, share) => sum + share.castUsed, 0),
    rejections,
  };
}
