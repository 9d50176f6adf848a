import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { ContractError, type ContractProblem } from "../../contracts/problems.js";
import { InputFileError } from "../../io/csv/input-file-error.js";
import type { BatchResults, FromWorker, LedgerChunk, ToWorker, WorkerSetup } from "./protocol.js";

/** The ledger is not in date order for some title: the caller falls back to the sorting pass. */
export class UnsortedLedger extends Error {}

/**
 * A smaller young generation than V8's default for each worker: a batch's garbage still dies
 * young, and the two extra heaps cost about 40 MB less at peak (measured on the 1M-row bench).
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 16 };

/** One worker thread and its replies, matched to requests in order. */
export class WorkerLink {
  readonly ready: Promise<Extract<FromWorker, { type: "ready" }>>;
  private readonly worker: Worker;
  private readonly waiting: { resolve: (message: FromWorker) => void; reject: (error: Error) => void }[] = [];
  private failure: Error | undefined;
  private onReady!: { resolve: (message: Extract<FromWorker, { type: "ready" }>) => void; reject: (error: Error) => void };

  constructor(setup: WorkerSetup) {
    const here = import.meta.url;
    // Built: dist/worker.js beside the bundle. From source (tests), the bundle of the worker a
    // test run makes of the sources where there is one (RESIDUALS_WORKER_BUNDLE), else the
    // TypeScript entry, loaded through tsx registered inside the worker before the entry.
    const bundle = here.endsWith(".ts") ? process.env.RESIDUALS_WORKER_BUNDLE : fileURLToPath(new URL("./worker.js", here));
    this.worker =
      bundle === undefined
        ? new Worker(`import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(new URL("./worker.ts", here).href)}); });`, {
            eval: true,
            workerData: setup,
          })
        : new Worker(bundle, { workerData: setup, resourceLimits: WORKER_LIMITS });
    this.ready = new Promise((resolve, reject) => (this.onReady = { resolve, reject }));
    this.ready.catch(() => undefined);
    this.worker.on("message", (message: FromWorker) => this.receive(message));
    this.worker.on("error", (error) => this.fail(error));
    this.worker.on("exit", (code) => {
      if (code !== 0) this.fail(new Error(`worker stopped with code ${code}`));
    });
  }

  /**
   * Whether the worker keeps the process alive: one started before the run knew it wanted it
   * (see startEarly) does not, so a run that ends without it (a mistyped flag, --help) ends.
   */
  keepAlive(alive: boolean): void {
    if (alive) this.worker.ref();
    else this.worker.unref();
  }

  send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  /** The chunk's memory is shared, not moved: every worker is sent the same chunk. */
  chunk(seq: number, chunk: LedgerChunk): Promise<BatchResults> {
    const spare = this.spare.splice(0);
    return this.results({ type: "chunk", seq, chunk, spare }, spare);
  }

  /**
   * Memory of results from this worker that the caller is done with: it goes back with the next
   * chunk, and the worker writes its results into it. Results in fresh memory for every chunk
   * were garbage here, which, with little else allocated on this thread, is seldom collected:
   * some 20 MB of them at peak, on the bench's unsorted 1M-row ledger.
   */
  giveBack(results: BatchResults): void {
    this.spare.push(results.bytes.buffer as ArrayBuffer);
  }

  /** Memory to give back to the worker (see giveBack). */
  private readonly spare: ArrayBuffer[] = [];

  /**
   * Has the worker forget every row it computed, after the ledger was found unsorted (by this
   * worker or another): replies still due for chunks sent before come first, and are dropped.
   */
  reset(): Promise<void> {
    if (this.failure !== undefined && !(this.failure instanceof UnsortedLedger)) return Promise.reject(this.failure);
    this.failure = undefined;
    // Replies to chunks sent before, and this worker's own finding that the ledger is
    // unsorted, may still come: until the worker says it reset, they are dropped.
    for (const waiter of this.waiting.splice(0)) waiter.reject(new UnsortedLedger("reset"));
    const done = new Promise<void>((resolve, reject) => (this.resetting = { resolve, reject }));
    this.send({ type: "reset" });
    return done;
  }

  /** Set while a reset is under way (see reset). */
  private resetting: { resolve: () => void; reject: (error: Error) => void } | undefined;

  finish(): Promise<Extract<FromWorker, { type: "done" }>> {
    this.send({ type: "end" });
    return this.reply() as Promise<Extract<FromWorker, { type: "done" }>>;
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }

  private results(message: ToWorker, transfer: ArrayBuffer[]): Promise<BatchResults> {
    this.worker.postMessage(message, transfer);
    const results = this.reply().then((reply) => (reply as Extract<FromWorker, { type: "results" }>).results);
    // A failure is reported where the batch is drained; a batch never drained must not crash the process.
    results.catch(() => undefined);
    return results;
  }

  private reply(): Promise<FromWorker> {
    if (this.failure) return Promise.reject(this.failure);
    const promise = new Promise<FromWorker>((resolve, reject) => this.waiting.push({ resolve, reject }));
    promise.catch(() => undefined);
    return promise;
  }

  private receive(message: FromWorker): void {
    if (this.resetting !== undefined) {
      const resetting = this.resetting;
      if (message.type === "reset") {
        this.resetting = undefined;
        resetting.resolve();
      } else if (message.type === "failed") {
        this.resetting = undefined;
        this.fail(rebuildError(message.error));
        resetting.reject(this.failure!);
      }
      return;
    }
    if (message.type === "ready") return this.onReady.resolve(message);
    if (message.type === "unsorted") return this.fail(new UnsortedLedger(message.message));
    if (message.type === "failed") return this.fail(rebuildError(message.error));
    this.waiting.shift()?.resolve(message);
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.resetting?.reject(error);
    this.resetting = undefined;
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
