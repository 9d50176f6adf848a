import type { LineTotals } from "../pipeline/totals.js";
import { statusCounts } from "../domain/totals.js";
import { termsDigest } from "../contracts/bundled.js";
import type { LoadedContract } from "../contracts/load.js";
import { countGrouped, dollarsGrouped } from "../money/scaled.js";
import { formatRejection, REJECTIONS_SHOWN } from "../io/out/rejects.js";
import type { Rejection } from "../io/csv/column-reader.js";
import type { Console } from "./console.js";
import { EXIT } from "./exit-codes.js";
import type { CatalogueCounts } from "../io/csv/catalogue.js";
import type { PassResult } from "../pipeline/ledger-pass.js";
import type { LedgerArgs } from "./options.js";
import type { RunOutputs } from "./run-outputs.js";

/** Rejected records on stderr: the first few in full, then a count (of `count`, `rejections` may hold only the first few). */
export function reportRejections(console: Console, rejections: readonly Rejection[], rejectsFile: string | undefined, count = rejections.length): void {
  if (count === 0) return;
  const lines = rejections.slice(0, REJECTIONS_SHOWN).map((r) => `rejected: ${formatRejection(r)}`);
  if (count > REJECTIONS_SHOWN) {
    const more = count - REJECTIONS_SHOWN;
    lines.push(`rejected: … and ${more} more${rejectsFile ? ` (all in ${rejectsFile})` : " (use --rejects FILE to list them all)"}`);
  }
  console.stderr.write(lines.join("\n") + "\n");
}

export interface RunSummary {
  readonly rowsRead: number;
  readonly rowsRejected: number;
  readonly totals: readonly { readonly contract: LoadedContract; readonly totals: LineTotals }[];
  readonly streamed: boolean;
  /** The titles and cast files, so their rows are counted too (without them only the usage ledger is). */
  readonly inputs?: SummaryInputs;
}

export interface SummaryInputs {
  readonly titles: string;
  readonly cast?: string;
  readonly services?: string;
  readonly catalogue: CatalogueCounts;
}

/**
 * The closing summary on stderr: usage rows read = computed + rejected; for each contract, its
 * lines and total, and the SHA-256 of the exact terms used; then the same count for the titles
 * and cast files.
 */
export function reportSummary(console: Console, summary: RunSummary): void {
  const out: string[] = [];
  out.push(`rows read: ${countGrouped(summary.rowsRead)}; computed: ${countGrouped(summary.rowsRead - summary.rowsRejected)}; rejected: ${countGrouped(summary.rowsRejected)}`);
  for (const { contract, totals } of summary.totals) {
    out.push(`${contract.contract.id}: ${countGrouped(totals.lines)} lines (${statusCounts(totals)}), total ${dollarsGrouped(totals.amount)}`);
  }
  for (const { contract } of summary.totals) out.push(`terms ${contract.contract.id}: sha256 ${termsDigest(contract)}`);
  if (summary.inputs) out.push(...catalogueCounts(summary.inputs));
  if (!summary.streamed) out.push("note: the ledger is not in date order for every title, so it was read again and computed in date order");
  console.stderr.write(out.join("\n") + "\n");
}

/** Every titles or cast record is either in the catalogue or rejected, so the counts are rebuilt from both. */
function catalogueCounts(inputs: SummaryInputs): string[] {
  const rejectedIn = (file: string) => inputs.catalogue.rejections.filter((rejection) => rejection.file === file).length;
  const counts = [{ file: inputs.titles, used: inputs.catalogue.titlesUsed, rejected: rejectedIn(inputs.titles) }];
  if (inputs.cast !== undefined) counts.push({ file: inputs.cast, used: inputs.catalogue.castUsed, rejected: rejectedIn(inputs.cast) });
  if (inputs.services !== undefined) counts.push({ file: inputs.services, used: inputs.catalogue.servicesUsed ?? 0, rejected: rejectedIn(inputs.services) });
  return counts.map(({ file, used, rejected }) => `${file}: rows read: ${countGrouped(used + rejected)}; used: ${countGrouped(used)}; rejected: ${countGrouped(rejected)}`);
}

/**
 * How a ledger run ends, for calc and compare alike: the results and every rejection (catalogue
 * and ledger, written as they were found) put in place together, the first rejections on
 * stderr, the summary unless --quiet, and the exit code (which a reader of stdout that went
 * away early does not change).
 */
export async function closeLedgerRun(console: Console, args: LedgerArgs, pass: PassResult, totals: RunSummary["totals"], outputs: RunOutputs): Promise<number> {
  const rejections = outputs.rejections;
  await outputs.commit();
  reportRejections(console, rejections.shown, args.rejects, rejections.count);
  if (!args.quiet) {
    reportSummary(console, {
      rowsRead: pass.stats.rowsRead,
      rowsRejected: pass.stats.rowsRejected,
      totals,
      streamed: pass.stats.streamed,
      inputs: { titles: args.titles, ...(args.cast ? { cast: args.cast } : {}), ...(args.services ? { services: args.services } : {}), catalogue: pass.catalogue },
    });
  }
  return rejections.count > 0 ? EXIT.rejected : EXIT.ok;
}
