import { ContractCalculator, OutOfOrderError } from "../engine/calculator.js";
import type { CastList, Catalogue, Services, Usage } from "../domain/inputs.js";
import type { Line } from "../domain/lines.js";
import type { Contract } from "../domain/terms.js";
import { readCsv, type CsvRecord } from "../io/csv/records.js";
import { isRejection, type Rejection } from "../io/csv/column-reader.js";
import type { RejectsLog } from "../io/out/rejects.js";
import { UsageParser } from "../io/csv/usage.js";

/** What receives the results of a pass over the ledger, row by row in input order. */
export interface LedgerSink {
  /** Lines of one usage row, one list per contract (in the order the contracts were given). */
  row(usage: Usage, lines: readonly Line[][]): void | Promise<void>;
  /** Forget everything received so far: the pass starts again (an unsorted ledger was found). */
  restart(): void | Promise<void>;
  /**
   * For an unsorted ledger, rows are computed in date order but must reach `row` in input
   * order, so their results are held meanwhile. A sink may hold them in a smaller form of its
   * own (`keep`), handed back in input order (`rowKept`), instead of the lines themselves.
   */
  keep?(usage: Usage, lines: readonly Line[][]): unknown;
  rowKept?(kept: unknown): void | Promise<void>;
  /** True when the sink's results do not depend on the order rows come in: nothing is held. */
  readonly orderFree?: boolean;
}

export interface LedgerInputs {
  readonly usageFile: string;
  readonly titles: Catalogue;
  readonly cast?: CastList;
  readonly services?: Services;
  /** Stop at the first rejected row. */
  readonly strict?: boolean;
  /** Called with the number of records read so far, now and then. */
  readonly progress?: (records: number) => void;
}

export interface LedgerStats {
  readonly rowsRead: number;
  readonly rowsRejected: number;
  /** False when some title's rows were out of date order, so the ledger was read into memory and sorted. */
  readonly streamed: boolean;
}

/** Thrown in strict mode at the first rejection. */
export class StrictStop extends Error {
  constructor(readonly rejection: Rejection) {
    super("stopped at the first rejected row (--strict)");
  }
}

/**
 * One pass over the usage ledger, every contract applied to every row. A ledger whose rows are
 * in date order for each title is streamed: memory grows with the titles, not the rows. When a
 * row comes before an earlier-dated row of its title, the pass restarts, reading the whole
 * ledger into memory and computing it in chronological order (the cost of an unsorted ledger).
 * Rejected rows go to `rejects` as they are read, in input order, in either pass.
 */
export async function runLedger(contracts: readonly Contract[], inputs: LedgerInputs, sink: LedgerSink, rejects: RejectsLog): Promise<LedgerStats> {
  try {
    return await streamingPass(contracts, inputs, sink, rejects);
  } catch (error) {
    if (!(error instanceof OutOfOrderError)) throw error;
  }
  await sink.restart();
  await rejects.restart();
  return sortingPass(contracts, inputs, sink, rejects);
}

async function streamingPass(contracts: readonly Contract[], inputs: LedgerInputs, sink: LedgerSink, rejects: RejectsLog): Promise<LedgerStats> {
  const calculators = contracts.map((contract) => new ContractCalculator(contract, inputs.titles, inputs.cast, inputs.services ? { services: inputs.services } : undefined));
  let rowsRead = 0;
  let rowsRejected = 0;
  await readUsage(inputs, (entry) => {
    rowsRead++;
    if (isRejection(entry)) {
      rowsRejected++;
      return rejectRow(entry, inputs, rejects);
    }
    return sink.row(entry, calculators.map((calculator) => calculator.linesFor(entry)));
  });
  return { rowsRead, rowsRejected, streamed: true };
}

async function sortingPass(contracts: readonly Contract[], inputs: LedgerInputs, sink: LedgerSink, rejects: RejectsLog): Promise<LedgerStats> {
  const rows: Usage[] = [];
  let rowsRead = 0;
  await readUsage(inputs, (entry) => {
    rowsRead++;
    if (isRejection(entry)) return rejectRow(entry, inputs, rejects);
    rows.push(entry);
    return undefined;
  });
  const calculators = contracts.map((contract) => new ContractCalculator(contract, inputs.titles, inputs.cast, inputs.services ? { services: inputs.services } : undefined));
  // Input positions in chronological order: by period start, ties in input order.
  const order = rows.map((_, index) => index).sort((a, b) => rows[a]!.start - rows[b]!.start || a - b);
  const held: unknown[] = sink.orderFree ? [] : new Array<unknown>(rows.length);
  for (const index of order) {
    const usage = rows[index]!;
    const lines = calculators.map((calculator) => calculator.linesFor(usage));
    if (sink.orderFree) await sink.row(usage, lines);
    else held[index] = sink.keep ? sink.keep(usage, lines) : lines;
  }
  if (!sink.orderFree) {
    for (let index = 0; index < rows.length; index++) {
      const kept = held[index];
      held[index] = undefined; // let it go as soon as it is written
      if (sink.rowKept) await sink.rowKept(kept);
      else await sink.row(rows[index]!, kept as Line[][]);
    }
  }
  return { rowsRead, rowsRejected: rowsRead - rows.length, streamed: false };
}

/** Under --strict the run stops here, and the rejects output is written anew with this rejection alone. */
function rejectRow(rejection: Rejection, inputs: LedgerInputs, rejects: RejectsLog): Promise<void> | undefined {
  if (inputs.strict) throw new StrictStop(rejection);
  return rejects.add(rejection);
}

async function readUsage(inputs: LedgerInputs, onEntry: (entry: Usage | Rejection) => void | Promise<void>): Promise<void> {
  const parser = new UsageParser(inputs.usageFile, inputs.titles);
  let records = 0;
  // Synchronous while the sink keeps up; waits only when it asks to (output backpressure).
  const consume = (batch: readonly CsvRecord[], from: number): Promise<void> | undefined => {
    for (let i = from; i < batch.length; i++) {
      const waiting = onEntry(parser.parse(batch[i]!));
      if (waiting) return waiting.then(() => consume(batch, i + 1));
    }
    return undefined;
  };
  await readCsv(
    inputs.usageFile,
    (header) => parser.useHeader(header),
    (batch) => {
      records += batch.length;
      inputs.progress?.(records);
      return consume(batch, 0);
    },
  );
}
