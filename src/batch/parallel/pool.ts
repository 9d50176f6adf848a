import { Worker } from "node:worker_threads";
import { ContractError, type ContractProblem } from "../../contracts/problems.js";
import { readCsv, type CsvRecord } from "../../io/csv.js";
import { InputFileError, type Rejection } from "../../io/table.js";
import { StrictStop, type LedgerStats } from "../ledger.js";
import { LineTotals } from "../totals.js";
import { FIELD, RECORD, type BatchResults, type FromWorker, type PackedRecords, type ParallelTask, type ToWorker, type WireRecord, type WorkerSetup } from "./protocol.js";
import { shardOf } from "./shard.js";

export interface ParallelInputs {
  readonly task: ParallelTask;
  readonly contracts: readonly string[];
  readonly titlesFile: string;
  readonly castFile?: string;
  readonly usageFile: string;
  readonly strict?: boolean;
  readonly workers: number;
  readonly progress?: (records: number) => void;
}

export interface ParallelHandlers {
  /** Line bodies of one usage record, in input order (calc; compare has none). */
  readonly bodies: (bodies: readonly string[]) => Promise<void> | undefined;
  readonly reject: (rejection: Rejection) => void;
}

export interface ParallelResult {
  readonly stats: LedgerStats;
  readonly catalogue: { readonly titlesUsed: number; readonly castUsed: number; readonly rejections: Rejection[] };
  readonly totals: LineTotals[];
  /** Each worker's comparison snapshot (compare only). */
  readonly comparisons: unknown[];
}

/** The ledger is not in date order for some title: the caller falls back to the sorting pass. */
export class UnsortedLedger extends Error {}

/** At most this many batches are out with the workers at once (memory stays bounded). */
const IN_FLIGHT = 24;

/**
 * The ledger pass on several threads. The main thread reads the ledger and deals each record to
 * the worker that owns its title; results come back per batch and are put back in input order,
 * so the output is byte for byte that of the single-threaded pass.
 */
export async function runParallel(inputs: ParallelInputs, handlers: ParallelHandlers): Promise<ParallelResult> {
  const shards = inputs.workers;
  const workers: WorkerLink[] = [];
  for (let shard = 0; shard < shards; shard++) {
    const setup: WorkerSetup = {
      task: inputs.task,
      contracts: inputs.contracts,
      titlesFile: inputs.titlesFile,
      ...(inputs.castFile !== undefined ? { castFile: inputs.castFile } : {}),
      usageFile: inputs.usageFile,
      shard,
      shards,
    };
    workers.push(new WorkerLink(setup));
  }
  try {
    const ready = await Promise.all(workers.map((worker) => worker.ready));
    const catalogue = ready[0]!.catalogue ?? { titlesUsed: 0, castUsed: 0, rejections: [] };
    if (inputs.strict && catalogue.rejections.length > 0) throw new StrictStop(catalogue.rejections[0]!);

    let seq = 0;
    let records = 0;
    let rowsRejected = 0;
    let titleColumn = -1;
    let width = 0;
    const pending: { seq: number; owners: Uint8Array; results: Promise<BatchResults>[] }[] = [];

    // Puts the oldest batch's results back in record order and hands them on.
    const drainOldest = async (): Promise<void> => {
      const batch = pending.shift()!;
      const perWorker = await Promise.all(batch.results);
      const cursors = perWorker.map(() => ({ record: 0, body: 0, offset: 0, rejection: 0 }));
      for (let i = 0; i < batch.owners.length; i++) {
        const owner = batch.owners[i]!;
        const results = perWorker[owner]!;
        const cursor = cursors[owner]!;
        const count = results.lineCounts[cursor.record++]!;
        if (count < 0) {
          const rejection = results.rejections[cursor.rejection++]!;
          rowsRejected++;
          handlers.reject(rejection);
          if (inputs.strict) throw new StrictStop(rejection);
          continue;
        }
        if (count === 0) continue;
        const bodies: string[] = [];
        for (let k = 0; k < count; k++) {
          const length = results.bodyLengths[cursor.body++]!;
          bodies.push(results.text.slice(cursor.offset, cursor.offset + length));
          cursor.offset += length;
        }
        const waiting = handlers.bodies(bodies);
        if (waiting) await waiting;
      }
    };

    await readCsv(
      inputs.usageFile,
      (header) => {
        titleColumn = header.indexOf("title_id");
        width = header.length;
        for (const worker of workers) worker.send({ type: "header", header });
      },
      async (batch: CsvRecord[]) => {
        records += batch.length;
        inputs.progress?.(records);
        const owners = new Uint8Array(batch.length);
        const parts: CsvRecord[][] = workers.map(() => []);
        batch.forEach((record, index) => {
          const values = record.values;
          // A record that cannot be read as a row is rejected by whichever worker gets it.
          const owner =
            record.malformed !== undefined || values.length !== width || titleColumn < 0
              ? record.record % shards
              : shardOf(values[titleColumn]!.trim(), shards);
          owners[index] = owner;
          parts[owner]!.push(record);
        });
        const id = seq++;
        pending.push({ seq: id, owners, results: workers.map((worker, shard) => worker.batch(id, pack(parts[shard]!))) });
        if (pending.length >= IN_FLIGHT) await drainOldest();
      },
    );
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
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}

const SEPARATOR = /[\u001e\u001f]/;

/** Records as one string for the trip to a worker (see PackedRecords). */
function pack(records: readonly CsvRecord[]): PackedRecords {
  const numbers = new Int32Array(records.length * 2);
  const isLoose = new Uint8Array(records.length);
  const loose: WireRecord[] = [];
  let text = "";
  let packed = 0;
  records.forEach((record, index) => {
    numbers[index * 2] = record.record;
    numbers[index * 2 + 1] = record.line;
    const values = record.values;
    if (record.malformed !== undefined || values.some((value) => SEPARATOR.test(value))) {
      isLoose[index] = 1;
      loose.push(record.malformed === undefined ? [values, record.record, record.line] : [values, record.record, record.line, record.malformed]);
      return;
    }
    text += (packed++ === 0 ? "" : RECORD) + values.join(FIELD);
  });
  return { text, numbers, loose, isLoose };
}

/**
 * A smaller young generation than V8's default for each worker: a batch's garbage still dies
 * young, and the two extra heaps cost about 40 MB less at peak (measured on the 1M-row bench).
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 16 };

/** One worker thread and its replies, matched to requests in order. */
class WorkerLink {
  readonly ready: Promise<Extract<FromWorker, { type: "ready" }>>;
  private readonly worker: Worker;
  private readonly waiting: { resolve: (message: FromWorker) => void; reject: (error: Error) => void }[] = [];
  private failure: Error | undefined;
  private onReady!: { resolve: (message: Extract<FromWorker, { type: "ready" }>) => void; reject: (error: Error) => void };

  constructor(setup: WorkerSetup) {
    const here = import.meta.url;
    // Built: dist/worker.js beside the bundle. From source (tests), the TypeScript entry is
    // loaded through tsx, registered inside the worker before the entry is imported.
    this.worker = here.endsWith(".ts")
      ? new Worker(`import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(new URL("./worker.ts", here).href)}); });`, {
          eval: true,
          workerData: setup,
        })
      : new Worker(new URL("./worker.js", here), { workerData: setup, resourceLimits: WORKER_LIMITS });
    this.ready = new Promise((resolve, reject) => (this.onReady = { resolve, reject }));
    this.ready.catch(() => undefined);
    this.worker.on("message", (message: FromWorker) => this.receive(message));
    this.worker.on("error", (error) => this.fail(error));
    this.worker.on("exit", (code) => {
      if (code !== 0) this.fail(new Error(`worker stopped with code ${code}`));
    });
  }

  send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  batch(seq: number, records: PackedRecords): Promise<BatchResults> {
    this.worker.postMessage({ type: "batch", seq, records } satisfies ToWorker, [records.numbers.buffer as ArrayBuffer, records.isLoose.buffer as ArrayBuffer]);
    const results = this.reply().then((message) => (message as Extract<FromWorker, { type: "results" }>).results);
    // A failure is reported where the batch is drained; a batch never drained must not crash the process.
    results.catch(() => undefined);
    return results;
  }

  finish(): Promise<Extract<FromWorker, { type: "done" }>> {
    this.send({ type: "end" });
    return this.reply() as Promise<Extract<FromWorker, { type: "done" }>>;
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }

  private reply(): Promise<FromWorker> {
    if (this.failure) return Promise.reject(this.failure);
    const promise = new Promise<FromWorker>((resolve, reject) => this.waiting.push({ resolve, reject }));
    promise.catch(() => undefined);
    return promise;
  }

  private receive(message: FromWorker): void {
    if (message.type === "ready") return this.onReady.resolve(message);
    if (message.type === "unsorted") return this.fail(new UnsortedLedger(message.message));
    if (message.type === "failed") return this.fail(rebuildError(message.error));
    this.waiting.shift()?.resolve(message);
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.onReady.reject(error);
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
  }
}

/** A worker's error as the error class the CLI maps to an exit code. */
function rebuildError(error: { name: string; message: string; file?: string; problems?: unknown }): Error {
  if (error.name === "ContractError" && Array.isArray(error.problems)) return new ContractError(error.problems as ContractProblem[]);
  if (error.name === "InputFileError" && error.file !== undefined) return new InputFileError(error.file, error.message.slice(error.file.length + 2));
  return new Error(error.message);
}
