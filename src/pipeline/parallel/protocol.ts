import type { CatalogueCounts } from "../../io/csv/catalogue.js";
import type { ContractFile } from "../../contracts/schema.js";
import type { Rejection } from "../../io/csv/column-reader.js";
import type { ComparisonOptions, Grouping } from "../../domain/comparison.js";
import type { TotalsData } from "../../domain/totals.js";

/**
 * What a worker computes: calc's line bodies, or compare's per-group totals, one grouping or
 * several (see ComparisonSet). With `csvRows` (compare by title only, as CSV), each worker
 * writes its own groups' rows itself (see CsvRows).
 */
export type ParallelTask =
  | { readonly kind: "calc"; readonly format: "csv" | "json"; readonly explain: boolean }
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
 * loads the contracts, which come after (the "contracts" message).
 */
export interface WorkerSetup {
  readonly task: ParallelTask;
  readonly titlesFile: string;
  readonly castFile?: string;
  readonly usageFile: string;
  readonly shard: number;
  readonly shards: number;
}

/** A CSV record as sent to a worker: values, record number, physical line, quoting problem. */
export type WireRecord = [values: string[], record: number, line: number, malformed?: string];

/**
 * Records packed for the trip to a worker: values joined by FIELD, records by RECORD (one
 * string instead of an array per record), record and line numbers in `numbers` (pairs).
 * Records whose values hold either separator travel as WireRecords in `loose` instead.
 */
export interface PackedRecords {
  readonly text: string;
  readonly numbers: Int32Array;
  readonly loose: WireRecord[];
  /** For each record in order: true if it is the next of `loose`. */
  readonly isLoose: Uint8Array;
}

export const FIELD = "\u001f";
export const RECORD = "\u001e";

/**
 * Whole lines of a plain ledger (no quotes; LF or CRLF line ends), as the file holds them, in
 * memory every worker shares: each worker reads every record and computes those it owns.
 */
export interface LedgerChunk {
  readonly buffer: SharedArrayBuffer;
  /** Bytes of `buffer` that belong to the chunk. */
  readonly length: number;
  /** Records in the chunk (lines that are not blank). */
  readonly records: number;
  /** Number of the chunk's first record (1 for the first after the header). */
  readonly record: number;
  /** Physical line the chunk starts on. */
  readonly line: number;
  /**
   * Where each record is, as the main thread found it while counting them, three numbers each:
   * where its line starts in the chunk, where its content ends (before a CR that ends it), and
   * its physical line. A worker reads its records from these, without looking for lines again.
   */
  readonly bounds: Int32Array;
  /** Each record's worker, where the main thread found it (UNDECIDED: the worker finds it). */
  readonly owners?: Uint8Array;
}

export type ToWorker =
  | { readonly type: "contracts"; readonly contracts: readonly ContractTerms[] }
  | { readonly type: "header"; readonly header: string[] }
  | { readonly type: "batch"; readonly seq: number; readonly records: PackedRecords }
  | { readonly type: "chunk"; readonly seq: number; readonly chunk: LedgerChunk; readonly delimiter: string }
  | { readonly type: "end" };

/** In `BatchResults.lineCounts`: the record was rejected (the next of `rejections`). */
export const REJECTED = -1;
/** In `BatchResults.lineCounts`: the record is another worker's. */
export const NOT_MINE = -2;

/**
 * A worker's results for one batch or chunk, record by record in order. `lineCounts[i]` is the
 * number of line bodies of its i-th record, or REJECTED, or NOT_MINE (a batch holds only the
 * worker's own records; a chunk holds every worker's); the bodies are concatenated in `bytes`
 * (UTF-8), `bodyLengths` bytes long each. Three arrays are moved between threads, not copied,
 * instead of an array per record.
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
  | { readonly type: "failed"; readonly error: { name: string; message: string; file?: string; problems?: unknown } };
