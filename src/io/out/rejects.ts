import type { Output } from "./output-file.js";
import type { Rejection } from "../csv/column-reader.js";
import { csvText } from "./spreadsheet-safety.js";

export const REJECT_COLUMNS = ["file", "record", "line", "column", "value", "reason"] as const;

const HEADER = REJECT_COLUMNS.join(",") + "\n";

/** How many rejections stderr shows in full; the rest it counts. */
export const REJECTIONS_SHOWN = 10;

/** One rejection as a line on stderr: `file:line: record n, column c: reason (value "v")`. */
export function formatRejection(rejection: Rejection): string {
  const column = rejection.column ? `, column ${rejection.column}` : "";
  const value = rejection.column ? ` (value ${JSON.stringify(rejection.value)})` : "";
  return `${rejection.file}:${rejection.line}: record ${rejection.record}${column}: ${rejection.reason}${value}`;
}

/** One rejection as a line of the rejects file. */
function rejectsRow(r: Rejection): string {
  return `${csvText(r.file)},${r.record},${r.line},${csvText(r.column)},${csvText(r.value)},${csvText(r.reason)}\n`;
}

/**
 * A run's rejections as they are found, in input order: each is written to the rejects output
 * (with --rejects) at once, and only a count and the first few (what stderr shows) are kept,
 * so memory is the same for ten rejected rows or ten million. The catalogue's rejections come
 * first; those are held by the catalogue anyway, and written again when the pass restarts.
 */
export class RejectsLog {
  private total = 0;
  private readonly first: Rejection[] = [];
  private catalogue: readonly Rejection[] = [];

  private constructor(private readonly output: Output | undefined) {}

  /** `output`: the rejects file, given its header now; undefined: counted only. */
  static async open(output: Output | undefined): Promise<RejectsLog> {
    await output?.write(HEADER);
    return new RejectsLog(output);
  }

  /** How many were rejected. */
  get count(): number {
    return this.total;
  }

  /** The first rejections, REJECTIONS_SHOWN at most. */
  get shown(): readonly Rejection[] {
    return this.first;
  }

  /** One rejection; the returned promise (when there is one) asks the caller to wait for the disk. */
  add(rejection: Rejection): Promise<void> | undefined {
    this.total++;
    if (this.first.length < REJECTIONS_SHOWN) this.first.push(rejection);
    return this.output?.write(rejectsRow(rejection));
  }

  /** The catalogue's rejections (titles, cast, services), before any of the ledger's. */
  async addCatalogue(rejections: readonly Rejection[]): Promise<void> {
    this.catalogue = rejections;
    for (const rejection of rejections) await this.add(rejection);
  }

  /** The ledger pass starts again: of what was written, only the catalogue's rejections stay. */
  async restart(): Promise<void> {
    await this.empty();
    await this.addCatalogue(this.catalogue);
  }

  /** --strict stopped the run at `rejection`: it is all the rejects output holds. */
  async stoppedAt(rejection: Rejection): Promise<void> {
    await this.empty();
    await this.add(rejection);
  }

  private async empty(): Promise<void> {
    this.total = 0;
    this.first.length = 0;
    if (this.output === undefined) return;
    await this.output.restart();
    await this.output.write(HEADER);
  }
}
