import { parentPort, workerData } from "node:worker_threads";
import { compileContract } from "../../contracts/compile.js";
import { ContractError } from "../../contracts/problems.js";
import { ContractCalculator, OutOfOrderError } from "../../engine/calculator.js";
import type { CastList, Usage } from "../../domain/inputs.js";
import { CastNames } from "../../domain/cast-names.js";
import type { Line } from "../../domain/lines.js";
import { forEachRecord, readCsv, recordOf, type CsvRecord } from "../../io/csv/records.js";
import { comparisonCsvRows } from "../../io/out/comparison-format.js";
import { writeRowBodies } from "../../io/out/line-format.js";
import { Utf8Buffer } from "../../io/out/utf8-buffer.js";
import { isRejection, type Rejection } from "../../io/csv/column-reader.js";
import { UsageParser } from "../../io/csv/usage.js";
import { readCatalogue } from "../../io/csv/catalogue.js";
import { ComparisonSet } from "../comparison-set.js";
import { LineTotals } from "../totals.js";
import { RecordDealer, UNDECIDED } from "./shard.js";
import { HeapBound } from "./heap-bound.js";
import { NOT_MINE, REJECTED, type BatchResults, type FromWorker, type LedgerChunk, type ToWorker, type WorkerSetup } from "./protocol.js";

/**
 * A worker of the parallel ledger pass: it owns the titles whose id hashes to its shard, reads
 * the catalogue itself, compiles the contracts it is given, and computes its records in ledger
 * order, so each title's state is kept exactly as on the single-threaded path. Records come as
 * chunks of the ledger, from which it picks its own (the main thread mostly tells which).
 */
const setup = workerData as WorkerSetup;
const port = parentPort!;
const send = (message: FromWorker) => port.postMessage(message);

/**
 * The task and the contracts' terms, which come while the catalogue is read; every other
 * message goes to `onMessage`, set once the worker is ready. The ledger's header and first
 * chunks may come before: they wait in `early`.
 */
type Contracts = Extract<ToWorker, { type: "contracts" }>;
let contractsCame: (message: Contracts) => void;
const contractTerms = new Promise<Contracts>((resolve) => (contractsCame = resolve));
const early: ToWorker[] = [];
let onMessage: (message: ToWorker) => void = (message) => early.push(message);
port.on("message", (message: ToWorker) => (message.type === "contracts" ? contractsCame(message) : onMessage(message)));

async function start(): Promise<void> {
  // Its own titles and their cast only: the other records are not even parsed, and those of a
  // plain file whose owner their bytes tell are not even decoded (nor counted as read: a
  // worker reports what it uses and rejects, not what it reads).
  const catalogue = await readCatalogue(
    setup.titlesFile,
    setup.castFile,
    {
      records: (header) => {
        const owner = new RecordDealer(header, setup.shards);
        return (record) => owner.ownerOf(record.values, record.record, record.malformed) === setup.shard;
      },
      lines: (header) => {
        const owner = new RecordDealer(header, setup.shards);
        return (bytes, from, end, record) => {
          const found = owner.ownerOfBytes(bytes, from, end, record);
          return found === UNDECIDED ? undefined : found === setup.shard;
        };
      },
    },
    readCsv,
    setup.names,
  );
  // Indexed before the worker says it is ready, not once the rows come: by then the other worker
  // may have had its catalogue to read, and this one would have waited with its titles unindexed.
  const parser = new UsageParser(setup.usageFile, catalogue.titles);
  // Terms the main thread compiled already: they compile here alike, problems and all.
  const given = await contractTerms;
  const contracts = given.contracts.map(({ file, terms }) => compileContract(terms, (path, message) => ({ file, path: path.join("."), message })));
  const titles = catalogue.titles;
  const cast: CastList | undefined = catalogue.cast;
  const task = given.task;
  let calculators: ContractCalculator[] = [];
  let comparison: ComparisonSet | undefined;
  let totals: LineTotals[] = [];
  /** Fresh state: no row computed yet. */
  const forget = (): void => {
    calculators = contracts.map((contract) => new ContractCalculator(contract, titles, cast, given.services ? { services: given.services } : undefined));
    comparison = task.kind === "compare" ? new ComparisonSet(contracts, task.by, task.options) : undefined;
    comparison?.useCast(cast);
    // compare's sink keeps each contract's totals itself; calc's one contract's are kept here.
    totals = comparison?.contractTotals ?? contracts.map(() => new LineTotals());
  };
  forget();
  const heap = new HeapBound();
  heap.settle();
  /** Set once a row came out of date order: chunks are passed over until the worker is reset. */
  let halted = false;
  let dealer: RecordDealer | undefined;

  const format = task.kind === "calc" ? task.format : "csv";
  const explain = task.kind === "calc" && task.explain;
  const names = task.kind === "calc" && task.names ? new CastNames(cast) : undefined;

  /** One record this worker owns, however it came. */
  const compute = (record: CsvRecord, results: ResultsBuilder): void => {
    const entry = parser.parse(record);
    if (isRejection(entry)) return results.rejected(entry);
    computeUsage(entry, results);
  };

  const computeUsage = (entry: Usage, results: ResultsBuilder): void => {
    if (comparison) {
      comparison.row(entry, calculators.map((calculator) => calculator.linesFor(entry)));
      return results.noLines();
    }
    // calc's one contract: no array of each contract's lines is made for every row.
    const lines = calculators[0]!.linesFor(entry);
    for (const line of lines) totals[0]!.add(line);
    results.lines(lines, format, explain, names);
  };

  /**
   * Only this worker's records of the chunk are computed (the main thread mostly tells which),
   * read from their bytes where they can be; the others are not even decoded.
   */
  const computeChunk = (chunk: LedgerChunk): BatchResults => {
    const results = new ResultsBuilder(chunk.records);
    const owners = chunk.owners;
    const byBytes = !chunk.nul;
    let index = 0;
    forEachRecord(chunk, (bytes, from, end, record, line, cut) => {
      const found = owners[index++]!;
      if (found !== UNDECIDED && found !== setup.shard) return results.notMine();
      const entry = found === setup.shard && byBytes && !cut ? parser.parseBytes(bytes, from, end, record, line) : undefined;
      if (entry !== undefined) return isRejection(entry) ? results.rejected(entry) : computeUsage(entry, results);
      const text = recordOf(bytes, from, end, record, line, cut);
      const owner = found === UNDECIDED ? dealer!.ownerOf(text.values, record, text.malformed) : found;
      if (owner === setup.shard) compute(text, results);
      else results.notMine();
    });
    return results.done();
  };

  const reply = (seq: number, results: BatchResults): void => {
    const moved = [results.bytes.buffer as ArrayBuffer, results.bodyLengths.buffer as ArrayBuffer, results.lineCounts.buffer as ArrayBuffer];
    port.postMessage({ type: "results", seq, results } satisfies FromWorker, moved);
  };

  onMessage = (message) => {
    try {
      if (message.type === "header") {
        parser.useHeader(message.header);
        dealer = new RecordDealer(message.header, setup.shards);
      } else if (message.type === "chunk") {
        spare.push(...message.spare);
        if (!halted) reply(message.seq, computeChunk(message.chunk));
        heap.check();
      } else if (message.type === "reset") {
        forget();
        halted = false;
        send({ type: "reset" });
      } else if (message.type === "end") {
        const csvRows = comparison && task.kind === "compare" && task.csvRows ? comparisonCsvRows(comparison.sinks[0]!, contracts.map((contract) => contract.id), task.names) : undefined;
        send({ type: "done", totals: totals.map((t) => t.toData()), ...(comparison ? { comparison: comparison.snapshot(csvRows) } : {}) });
      }
    } catch (error) {
      if (error instanceof OutOfOrderError) halted = true;
      fail(error);
    }
  };
  send({ type: "ready", catalogue: catalogue.counts });
  for (const message of early.splice(0)) onMessage(message);
}

/** Memory of results the main thread gave back (see WorkerLink.giveBack), to write the next results into. */
const spare: ArrayBuffer[] = [];

/** A batch's first guess at its bodies' size, where no memory was given back: grown as needed. */
const FIRST_BODIES = 1 << 18;

/** The results of one batch or chunk, gathered record by record (see BatchResults). */
class ResultsBuilder {
  private readonly lineCounts: Int32Array;
  private next = 0;
  private readonly lengths: number[] = [];
  private readonly rejections: Rejection[] = [];
  /** Where the batch's line bodies are written: the memory handed over with its results. */
  private readonly written: Utf8Buffer;

  constructor(records: number) {
    this.lineCounts = new Int32Array(records);
    this.written = new Utf8Buffer(new Uint8Array(spare.pop() ?? new ArrayBuffer(FIRST_BODIES)));
  }

  lines(lines: readonly Line[], format: "csv" | "json", explain: boolean, names: CastNames | undefined): void {
    this.lineCounts[this.next++] = lines.length;
    writeRowBodies(lines, format, explain, this.written, this.lengths, names);
  }

  noLines(): void {
    this.lineCounts[this.next++] = 0;
  }

  rejected(rejection: Rejection): void {
    this.lineCounts[this.next++] = REJECTED;
    this.rejections.push(rejection);
  }

  notMine(): void {
    this.lineCounts[this.next++] = NOT_MINE;
  }

  done(): BatchResults {
    return { bytes: this.written.view(), bodyLengths: Int32Array.from(this.lengths), lineCounts: this.lineCounts, rejections: this.rejections };
  }
}

function fail(error: unknown): void {
  if (error instanceof OutOfOrderError) {
    send({ type: "unsorted", message: error.message });
    return;
  }
  const known = error as { name?: string; message?: string; file?: string; problems?: unknown };
  send({
    type: "failed",
    error: {
      name: known.name ?? "Error",
      message: known.message ?? String(error),
      ...(known.file !== undefined ? { file: known.file } : {}),
      ...(error instanceof ContractError ? { problems: error.problems } : {}),
    },
  });
}

start().catch(fail);
