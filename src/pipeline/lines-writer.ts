import { CastNames } from "../domain/cast-names.js";
import type { CastList, Usage } from "../domain/inputs.js";
import type { Line } from "../domain/lines.js";
import { csvHeader, writeRowBodies } from "../io/out/line-format.js";
import type { Output } from "../io/out/output-file.js";
import { renderTable, TableTooLong, TABLE_LINES_AT_MOST } from "../io/out/line-table.js";
import type { TableLayout } from "../io/out/text-table.js";
import { Utf8Buffer } from "../io/out/utf8-buffer.js";
import type { LedgerSink } from "./ledger.js";
import { LineTotals } from "./totals.js";

export type LineFormat = "csv" | "json" | "table";

/**
 * Bytes of numbered lines gathered before they are handed to the output: each hand-over is a
 * write on another thread. 256 KiB took some 2% less time than 64 KiB on the 1M-row bench.
 * (Text written to the output, as by the bench's floor, is flushed at 64 KiB, which 256 KiB
 * did not make faster.)
 */
const HAND_OVER_AT = 1 << 18;

/** Where a row's line bodies are written before they are numbered (see row). */
const rowScratch = new Utf8Buffer(1 << 12);
const rowLengths: number[] = [];
const decoder = new TextDecoder();

/** A row's line bodies while an unsorted ledger is sorted: its one body, or all of them and their lengths in bytes. */
type KeptBodies = string | { readonly text: string; readonly lengths: number[] };

/**
 * Writes the payment lines of one contract as they come, numbering them in input order (a
 * table waits for the last line). Rows come either as lines (`row`) or, from parallel workers,
 * as line bodies already written as UTF-8 (`encodedBody`): both end in the same bytes, as both
 * go through encodedBody. An unsorted ledger's rows are kept as text until they are written.
 */
export class LinesWriter implements LedgerSink {
  totals = new LineTotals();
  private tableLines: Line[] = [];
  private started = false;
  private numbered = 0;
  /** Numbered lines from encoded bodies, not yet handed to the output. */
  private encoded = new Utf8Buffer(HAND_OVER_AT + (HAND_OVER_AT >> 2));
  /**
   * Memory the output is done with, written into again: fresh memory for each block would pile
   * up until garbage is next collected, which, with little else allocated on this thread, is
   * seldom.
   */
  private readonly spare: Uint8Array[] = [];
  /** Performers' names, from the cast read on this thread (see useCast). */
  private castNames = new CastNames(undefined);

  constructor(
    private readonly output: Output,
    readonly format: LineFormat,
    readonly explain: boolean,
    /** A table's width (a terminal's) and the most lines it may hold. */
    private readonly table: TableLayout & { readonly most?: number } = {},
    /** CSV and JSON: the names' columns (a table shows the names there are without asking). */
    readonly names = false,
  ) {}

  useCast(cast: CastList | undefined): void {
    this.castNames = new CastNames(cast);
  }

  /** The names lines are written with: CSV and JSON's only where asked for. */
  private get bodyNames(): CastNames | undefined {
    return this.names ? this.castNames : undefined;
  }

  row(_usage: Usage, linesPerContract: readonly Line[][]): Promise<void> | undefined {
    const lines = linesPerContract[0]!;
    for (const line of lines) this.totals.add(line);
    if (this.format === "table") {
      this.keepForTable(lines);
      return undefined;
    }
    rowScratch.clear();
    rowLengths.length = 0;
    writeRowBodies(lines, this.format, this.explain, rowScratch, rowLengths, this.bodyNames);
    return this.scratchBodies(rowLengths);
  }

  /** While an unsorted ledger is sorted: a row's line bodies (a table keeps its lines). */
  keep(_usage: Usage, linesPerContract: readonly Line[][]): KeptBodies | Line[] {
    const lines = linesPerContract[0]!;
    for (const line of lines) this.totals.add(line);
    if (this.format === "table") return lines;
    // Held until the whole ledger is computed: as one string made from the bytes at once (one
    // block of memory, where a string built up piece by piece is a tree of pieces).
    rowScratch.clear();
    const lengths: number[] = [];
    writeRowBodies(lines, this.format, this.explain, rowScratch, lengths, this.bodyNames);
    const text = decoder.decode(rowScratch.view());
    return lengths.length === 1 ? text : { text, lengths };
  }

  rowKept(kept: unknown): Promise<void> | undefined {
    if (this.format === "table") {
      this.keepForTable(kept as Line[]);
      return undefined;
    }
    const bodies = kept as KeptBodies;
    rowScratch.clear();
    rowScratch.text(typeof bodies === "string" ? bodies : bodies.text);
    return this.scratchBodies(typeof bodies === "string" ? [rowScratch.length] : bodies.lengths);
  }

  /** A table is written when the last line is known, from every line: up to a bound, so memory is too. */
  private keepForTable(lines: readonly Line[]): void {
    for (const line of lines) this.tableLines.push(line);
    const most = this.table.most ?? TABLE_LINES_AT_MOST;
    if (this.tableLines.length > most) throw new TableTooLong(most);
  }

  /** Writes the bodies in rowScratch, `lengths` bytes each, numbering them. */
  private scratchBodies(lengths: readonly number[]): Promise<void> | undefined {
    let waiting: Promise<void> | undefined;
    let from = 0;
    for (const length of lengths) {
      const handedOver = this.encodedBody(rowScratch.bytes, from, from + length);
      // A row long enough to be handed over twice waits for both (and reports either failure).
      if (handedOver) waiting = waiting ? waiting.then(() => handedOver) : handedOver;
      from += length;
    }
    return waiting;
  }

  /**
   * Writes a line body a worker wrote as UTF-8 (see writeRowBodies), `bytes` from `from` to
   * `to`, giving it its number. Lines are gathered as bytes and handed to the output in blocks.
   */
  encodedBody(bytes: Uint8Array, from: number, to: number): Promise<void> | undefined {
    const out = this.encoded;
    if (!this.started) {
      out.text(this.opening());
      this.started = true;
    }
    const number = ++this.numbered;
    if (this.format === "csv") {
      out.digits(number);
    } else {
      out.text(number > 1 ? ',\n  {"line":' : '  {"line":');
      out.digits(number);
    }
    out.ascii(0x2c);
    out.copy(bytes, from, to);
    return out.length >= HAND_OVER_AT ? this.handOver() : undefined;
  }

  /** Hands the gathered lines to the output, which keeps their memory: the next are gathered anew. */
  private handOver(): Promise<void> | undefined {
    if (this.encoded.length === 0) return undefined;
    const full = this.encoded.view();
    const memory = this.encoded.bytes;
    this.encoded = new Utf8Buffer(this.spare.pop() ?? memory.length);
    return this.output.writeBytes(full, () => this.spare.push(memory));
  }

  /** The workers' merged totals, when the lines came as bodies from the parallel pass. */
  adoptTotals(totals: LineTotals[]): void {
    this.totals = totals[0]!;
  }

  async restart(): Promise<void> {
    this.encoded.clear();
    this.totals = new LineTotals();
    this.tableLines = [];
    this.started = false;
    this.numbered = 0;
    await this.output.restart();
  }

  /** Writes what closes the output (also for a ledger with no rows). */
  async finish(): Promise<void> {
    await this.handOver();
    let text = this.started ? "" : this.opening();
    if (this.format === "json") text += this.numbered > 0 ? "\n]\n" : "]\n";
    if (text) await this.output.write(text);
    if (this.format !== "table") return;
    for (const piece of renderTable(this.tableLines, this.totals, this.explain, this.table, this.castNames)) await this.output.write(piece);
  }

  private opening(): string {
    if (this.format === "csv") return csvHeader(this.explain, this.names);
    if (this.format === "json") return "[\n";
    return "";
  }
}
