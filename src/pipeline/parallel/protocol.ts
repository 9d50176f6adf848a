import type { CatalogueCounts } from "../../io/csv/catalogue.js";
import type { Services } from "../../domain/inputs.js";
import type { ContractFile } from "../../contracts/schema.js";
import type { CsvChunk } from "../../io/csv/records.js";
import type { Rejection } from "../../io/csv/column-reader.js";
import type { ComparisonOptions, Grouping } from "../../domain/comparison.js";
import type { TotalsData } from "../../domain/totals.js";

/**
 * What a worker computes: calc's line bodies, or compare's per-group totals, one grouping or
 * several (see ComparisonSet). With `csvRows` (compare by title only, as CSV), each worker
 * writes its own groups' rows itself (see CsvRows).
 */
export type ParallelTask =
  | { readonly kind: "calc"; readonly format: "csv" | "json"; readonly explain: boolean; readonly names: boolean }
  | { readonly kind: "compare"; readonly by: readonly Grouping[]; readonly csvRows: boolean; readonly names: boolean; readonly options: ComparisonOptions };

/**
 * A contract's terms as the main thread loaded and checked them (after `extends`), with the
 * file they came from: a worker only compiles them, without reading YAML or the schema again
 * (which, loaded in each worker, cost a tenth of a second of its start).
 */
export interface ContractTerms {
  readonly file: string;
  readonly terms: ContractFile;
}

/**
 * What a worker starts with: it reads its share of the catalogue at once, while the main thread
 * loads the contracts, which come after with the task (the "contracts" message). A worker may
 * start before the command line is parsed (see startEarly): what it starts with is only files.
 */
export interface WorkerSetup {
  readonly titlesFile: string;
  readonly castFile?: string;
  readonly usageFile: string;
  readonly shard: number;
  readonly shards: number;
  /** Whether the catalogue's names are kept (a run that writes them), or only checked. */
  readonly names: boolean;
}

/**
 * Whole records of the ledger, as the file holds them (see CsvChunk), in memory every worker
 * shares: each worker reads every record and computes those it owns. In a chunk gathered in
 * date order (an unsorted ledger's), records are not consecutive: `numbers` gives each one's.
 */
export interface LedgerChunk extends CsvChunk {
  /** Each record's worker, as the main thread found it (UNDECIDED: the worker finds it). */
  readonly owners: Uint8Array;
  /** Each record's number, where they are not the chunk's first and those following it. */
  readonly numbers?: Int32Array;
}

export type ToWorker =
  | { readonly type: "contracts"; readonly task: ParallelTask; readonly contracts: readonly ContractTerms[]; readonly services?: Services }
  | { readonly type: "header"; readonly header: string[] }
  /** With memory of results the main thread is done with, for the worker's next results (see BatchResults.bytes). */
  | { readonly type: "chunk"; readonly seq: number; readonly chunk: LedgerChunk; readonly spare: ArrayBuffer[] }
  /** Forget every row computed: the ledger is to be computed again, in date order. */
  | { readonly type: "reset" }
  | { readonly type: "end" };

/** In `BatchResults.lineCounts`: the record was rejected (the next of `rejections`). */
export const REJECTED = -1;
/** In `BatchResults.lineCounts`: the record is another worker's. */
export const NOT_MINE = -2;

/**
 * A worker's results for one chunk, record by record in order. `lineCounts[i]` is the
 * number of line bodies of its i-th record, or REJECTED, or NOT_MINE (another worker's); the bodies are concatenated in `bytes`
 * (UTF-8), `bodyLengths` bytes long each. Three arrays are moved between threads, not copied,
 * instead of an array per record. The memory of `bytes` goes back to its worker once the
 * results are taken (see WorkerLink.giveBack), to be written into again.
 */
export interface BatchResults {
  readonly bytes: Uint8Array;
  readonly bodyLengths: Int32Array;
  readonly lineCounts: Int32Array;
  readonly rejections: Rejection[];
}

export type FromWorker =
  /** A worker's share of the catalogue: counts and rejections of the records it read. */
  | { readonly type: "ready"; readonly catalogue: CatalogueCounts }
  | { readonly type: "results"; readonly seq: number; readonly results: BatchResults }
  | { readonly type: "done"; readonly totals: TotalsData[]; readonly comparison?: unknown }
  | { readonly type: "unsorted"; readonly message: string }
  /** The worker forgot its rows (see the "reset" message). */
  | { readonly type: "reset" }
  | { readonly type: "failed"; readonly error: { name: string; message: string; file?: string; problems?: unknown } };
