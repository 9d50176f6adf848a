import { CsvFile, forEachRecord, type CsvChunk } from "../../io/csv/records.js";
import { spool } from "../../io/csv/spool.js";
import type { CatalogueCounts } from "../../io/csv/catalogue.js";
import type { Rejection } from "../../io/csv/column-reader.js";
import type { Services } from "../../domain/inputs.js";
import { StrictStop, type LedgerStats } from "../ledger.js";
import { LineTotals } from "../totals.js";
import { DateOrder } from "./date-order.js";
import { InputOrder } from "./input-order.js";
import { UnsortedLedger, WorkerLink } from "./link.js";
import { NOT_MINE, REJECTED, type BatchResults, type ContractTerms, type LedgerChunk, type ParallelTask } from "./protocol.js";
import { startLinks, takeEarly, type ParallelFiles } from "./early-start.js";
import { RecordDealer } from "./shard.js";

export { UnsortedLedger } from "./link.js";

export type { ParallelFiles } from "./early-start.js";

export interface ParallelInputs {
  readonly contracts: readonly ContractTerms[];
  /** Subscriber counts (the services file, read on the main thread: it is small). */
  readonly services?: Services;
  readonly strict?: boolean;
  readonly progress?: (records: number) => void;
}

export interface ParallelHandlers {
  /** One line body (calc; compare has none), as UTF-8 bytes: `bytes` from `from` to `to`, in input order. */
  readonly body: (bytes: Uint8Array, from: number, to: number) => Promise<void> | undefined;
  /** The catalogue as the workers read it, before any of the ledger's results. */
  readonly catalogue: (counts: CatalogueCounts) => Promise<void>;
  /** A rejected ledger record, in input order; may ask the pass to wait, as `body` may. */
  readonly reject: (rejection: Rejection) => Promise<void> | undefined;
  /** The ledger is not in date order: every result handed on so far is to be forgotten. */
  readonly restart: () => Promise<void> | void;
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
 * The same in date order. There the main thread stops now and then to write held results to
 * disk (see InputOrder), for tens of milliseconds: the workers' queue must outlast it. 24 cost
 * some 20 MB more at peak on the 1M-row bench than 16, for no speed.
 */
const IN_FLIGHT_DATE_ORDER = 16;

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
    /** What they compute, sent with the contracts (a worker started early did not know it). */
    readonly task: ParallelTask,
  ) {}

  /** `shards` workers for the pass: those started early for the same files where there are (see startEarly). */
  static start(task: ParallelTask, files: ParallelFiles, shards: number): LedgerWorkers {
    const names = keepsNames(task);
    return new LedgerWorkers(takeEarly(files, shards, names) ?? startLinks(files, shards, names), files, task);
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
 * The ledger pass on worker threads; each worker computes the records of the titles it owns.
 * The ledger goes to every worker in chunks of records (see CsvFile), each record's owner found
 * here from its bytes where they tell; results come back per chunk and are put back in input
 * order, so the output is byte for byte that of the single-threaded pass. A ledger out of date
 * order for some title is computed in date order (see DateOrder), its results put back in input
 * order (see InputOrder): from the start where its first records show it, else once a worker
 * finds it, `handlers.restart` being called before.
 * The workers are told to stop when it ends (see LedgerWorkers).
 */
export async function runParallel(pool: LedgerWorkers, inputs: ParallelInputs, handlers: ParallelHandlers): Promise<ParallelResult> {
  const workers = pool.links;
  for (const worker of workers) worker.send({ type: "contracts", task: pool.task, contracts: inputs.contracts, ...(inputs.services ? { services: inputs.services } : {}) });
  let csv: CsvFile | undefined;
  try {
    await spool(pool.files.usageFile);
    csv = CsvFile.open(pool.files.usageFile);
    const dealer = new RecordDealer(csv.header, workers.length);
    // Indexed while the workers read the catalogue, where the ledger's first records already
    // show it out of date order; any other is first taken in file order.
    const prebuilt = DateOrder.outOfOrderFromStart(csv, dealer) ? DateOrder.build(csv, dealer) : undefined;
    // Chunks go out at once: a worker done with its catalogue computes them while the other
    // still reads its own. Results are taken once every catalogue is, and its rejections given.
    const catalogueTaken = Promise.all(workers.map((worker) => worker.ready)).then(async (ready) => {
      const catalogue = mergeCatalogues(ready.map((message) => message.catalogue), pool.files.titlesFile);
      if (inputs.strict && catalogue.rejections.length > 0) throw new StrictStop(catalogue.rejections[0]!);
      await handlers.catalogue(catalogue);
      return catalogue;
    });
    // A failure is reported where results are taken; a run that ends before must not crash the process.
    catalogueTaken.catch(() => undefined);
    for (const worker of workers) worker.send({ type: "header", header: csv.header });

    let pass: PassCounts;
    let streamed = prebuilt === undefined;
    if (prebuilt !== undefined) pass = await dateOrderPass(workers, prebuilt, inputs, handlers, catalogueTaken);
    else {
      try {
        pass = await fileOrderPass(workers, csv, dealer, inputs, handlers, catalogueTaken);
      } catch (error) {
        if (!(error instanceof UnsortedLedger)) throw error;
        // A worker may find the ledger unsorted before the other has read its catalogue.
        await catalogueTaken;
        streamed = false;
        await handlers.restart();
        await Promise.all(workers.map((worker) => worker.reset()));
        pass = await dateOrderPass(workers, DateOrder.build(csv, dealer), inputs, handlers, catalogueTaken);
      }
    }
    const catalogue = await catalogueTaken;

    const done = await Promise.all(workers.map((worker) => worker.finish()));
    const totals = done[0]!.totals.map(() => new LineTotals());
    for (const result of done) result.totals.forEach((data, index) => totals[index]!.merge(data));
    return {
      stats: { rowsRead: pass.records, rowsRejected: pass.rejected, streamed },
      catalogue,
      totals,
      comparisons: done.map((result) => result.comparison),
    };
  } finally {
    csv?.close();
    // Not awaited here: a worker's heap takes tens of milliseconds to tear down, while the
    // caller commits its output; the caller awaits the same stop before the run ends.
    void pool.stop();
  }
}

/** Whether a task's workers keep the catalogue's names: calc's where it writes them, compare's always (its groups carry them). */
function keepsNames(task: ParallelTask): boolean {
  return task.kind === "compare" || task.names;
}

interface PassCounts {
  records: number;
  rejected: number;
}

/**
 * Sends chunks to every worker, at most IN_FLIGHT out at once (memory stays bounded), and hands
 * each chunk's results, as they come back in the order sent, to `take` (with the chunk).
 */
async function dispatch(
  workers: readonly WorkerLink[],
  chunks: Iterable<LedgerChunk>,
  inputs: ParallelInputs,
  /** Done before any results are taken (the catalogue's rejections come first). */
  before: Promise<unknown>,
  take: (chunk: LedgerChunk, perWorker: BatchResults[]) => Promise<void> | void,
  recycle: (chunk: LedgerChunk) => void,
  inFlight = IN_FLIGHT,
): Promise<void> {
  let seq = 0;
  let records = 0;
  const pending: { chunk: LedgerChunk; results: Promise<BatchResults[]> }[] = [];
  const drainOldest = async (): Promise<void> => {
    const { chunk, results } = pending.shift()!;
    const perWorker = await results;
    await before;
    await take(chunk, perWorker);
    recycle(chunk);
    perWorker.forEach((results, index) => workers[index]!.giveBack(results));
  };
  for (const chunk of chunks) {
    const id = seq++;
    const results = Promise.all(workers.map((worker) => worker.chunk(id, chunk)));
    // A failure is reported where the chunk is drained; a chunk never drained must not crash the process.
    results.catch(() => undefined);
    pending.push({ chunk, results });
    records += chunk.records;
    inputs.progress?.(records);
    if (pending.length >= inFlight) await drainOldest();
  }
  while (pending.length > 0) await drainOldest();
}

/**
 * Calls `visit` for each record of a chunk, in order, with the results of the worker that owns
 * it: its line count (or REJECTED), and where its bodies (the first's index and byte offset) or
 * its rejection are in them. Waits for `visit` where it returns a promise.
 */
function forEachResult(
  chunk: LedgerChunk,
  perWorker: readonly BatchResults[],
  visit: (index: number, results: BatchResults, lines: number, body: number, offset: number, rejection: number) => Promise<void> | void,
): Promise<void> | void {
  const cursors = perWorker.map(() => ({ body: 0, offset: 0, rejection: 0 }));
  const step = (from: number): Promise<void> | void => {
    for (let index = from; index < chunk.records; index++) {
      let owner = 0;
      while (perWorker[owner]!.lineCounts[index] === NOT_MINE) owner++;
      const results = perWorker[owner]!;
      const cursor = cursors[owner]!;
      const lines = results.lineCounts[index]!;
      const { body, offset, rejection } = cursor;
      if (lines === REJECTED) cursor.rejection++;
      else for (let k = 0; k < lines; k++) cursor.offset += results.bodyLengths[cursor.body++]!;
      const waiting = visit(index, results, lines, body, offset, rejection);
      if (waiting) return waiting.then(() => step(index + 1));
    }
  };
  return step(0);
}

/** The ledger in file order: each chunk's results are handed on as they come. */
async function fileOrderPass(
  workers: readonly WorkerLink[],
  csv: CsvFile,
  dealer: RecordDealer,
  inputs: ParallelInputs,
  handlers: ParallelHandlers,
  before: Promise<unknown>,
): Promise<PassCounts> {
  const counts = { records: 0, rejected: 0 };
  const owned = function* (): Generator<LedgerChunk> {
    for (const chunk of csv.chunks()) yield withOwners(chunk, dealer);
  };
  const bodies = (results: BatchResults, lines: number, body: number, offset: number): Promise<void> | undefined => {
    for (let k = 0; k < lines; k++) {
      const to = offset + results.bodyLengths[body + k]!;
      const waiting = handlers.body(results.bytes, offset, to);
      if (waiting) return waiting.then(() => bodies(results, lines - k - 1, body + k + 1, to));
      offset = to;
    }
    return undefined;
  };
  await dispatch(
    workers,
    owned(),
    inputs,
    before,
    (chunk, perWorker) => {
      counts.records += chunk.records;
      return forEachResult(chunk, perWorker, (_index, results, lines, body, offset, rejection) => {
        if (lines !== REJECTED) return bodies(results, lines, body, offset);
        counts.rejected++;
        return rejected(results.rejections[rejection]!, inputs, handlers);
      });
    },
    (chunk) => csv.recycle(chunk),
  );
  return counts;
}

/**
 * The ledger in date order (see DateOrder): results are held in input order (see InputOrder)
 * and handed on once every record is computed.
 */
async function dateOrderPass(
  workers: readonly WorkerLink[],
  order: DateOrder,
  inputs: ParallelInputs,
  handlers: ParallelHandlers,
  before: Promise<unknown>,
): Promise<PassCounts> {
  const held = new InputOrder();
  await dispatch(
    workers,
    order.chunks(),
    inputs,
    before,
    (chunk, perWorker) =>
      forEachResult(chunk, perWorker, (index, results, lines, body, offset, rejection) => {
        const record = chunk.numbers![index]!;
        if (lines === REJECTED) held.addRejection(record, results.rejections[rejection]!);
        else held.addLines(record, results.bytes, offset, results.bodyLengths, body, lines);
      }),
    () => undefined,
    IN_FLIGHT_DATE_ORDER,
  );
  let rejectedRecords = 0;
  await held.drain({
    body: handlers.body,
    reject: (rejection) => {
      rejectedRecords++;
      return rejected(rejection, inputs, handlers);
    },
  });
  return { records: order.records, rejected: rejectedRecords };
}

/** A rejected record handed on; under --strict the run stops at it (its rejects output is written anew). */
function rejected(rejection: Rejection, inputs: ParallelInputs, handlers: ParallelHandlers): Promise<void> | undefined {
  if (inputs.strict) throw new StrictStop(rejection);
  return handlers.reject(rejection);
}

/** A chunk in file order with each record's owner, as its bytes tell (see RecordDealer.ownerOfBytes). */
function withOwners(chunk: CsvChunk, dealer: RecordDealer): LedgerChunk {
  const owners = new Uint8Array(chunk.records);
  let index = 0;
  forEachRecord(chunk, (bytes, from, end, record) => {
    owners[index++] = dealer.ownerOfBytes(bytes, from, end, record);
  });
  return { ...chunk, owners };
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
