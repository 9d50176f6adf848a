import type { Argv } from "yargs";
import { GROUPINGS, type Grouping } from "../../pipeline/comparison.js";
import { comparisonReport, reportContract, REPORT_GROUPINGS, REPORT_TITLES } from "../../pipeline/comparison-report.js";
import { writeComparisonSheet, writeContractsSheet } from "../../io/out/comparison-workbook.js";
import { StreamingWorkbook } from "../../io/out/workbook.js";
import { ComparisonSet } from "../../pipeline/comparison-set.js";
import { StrictStop } from "../../pipeline/ledger.js";
import type { LoadedContract } from "../../contracts/load.js";
import { renderComparisonStream, type ComparisonFormat } from "../../io/out/comparison-format.js";
import { renderHtmlReport } from "../../io/out/html-report.js";
import type { Console } from "../console.js";
import { contractFromFlag } from "../contract-flag.js";
import { examples } from "../help.js";
import { displayPath } from "../display-path.js";
import { UsageError } from "../exit-codes.js";
import { passOverLedger, startLedgerWorkers } from "../../pipeline/ledger-pass.js";
import { ledgerProgress } from "../progress.js";
import { ledgerOptions, outputFormat, tableLayout, type LedgerArgs } from "../options.js";
import { closeLedgerRun } from "../report.js";
import { RunOutputs } from "../run-outputs.js";

type CompareFormat = ComparisonFormat | "html" | "xlsx";
const FORMATS: readonly CompareFormat[] = ["table", "csv", "json", "html", "xlsx"];

interface CompareArgs extends LedgerArgs {
  contract: string[];
  by: Grouping[];
  format?: CompareFormat;
}

export function compareCommand(console: Console) {
  return {
    command: "compare",
    describe: "Totals of several contracts side by side on the same ledger, against the first",
    builder: (yargs: Argv) =>
      ledgerOptions(yargs)
        .option("contract", {
          type: "string",
          array: true,
          nargs: 1,
          demandOption: true,
          requiresArg: true,
          describe: "Contract id or file; repeat it (the first is the baseline)",
        })
        .option("by", { choices: GROUPINGS, array: true, nargs: 1, default: ["title"] as Grouping[], describe: "Group totals by title, medium, year (of period_start) or performer (needs --cast); repeat it for a workbook's sheets" })
        .option("format", { choices: FORMATS, describe: "Output format (default: from --out's extension; else table on a terminal, csv otherwise)" })
        .epilogue(
          examples([
            "the studios' final offer against the 2005 contract, on the bundled example",
            "residuals compare --contract sag-2005 --contract amptp-2008-sag-final-offer --titles examples/titles.csv --usage examples/usage.csv --cast examples/cast.csv",
          ], [
            "the same as a report to read and print: totals, charts by year and medium, the titles that differ most",
            "residuals compare --contract sag-2005 --contract amptp-2008-sag-final-offer --titles examples/titles.csv --usage examples/usage.csv --out report.html",
          ]),
        ),
    handler: async (args: CompareArgs): Promise<number> => {
      if (args.contract.length < 2) throw new UsageError("--contract: compare needs at least two contracts (the first is the baseline)");
      const format = outputFormat(args.format, args.out, console, FORMATS, "table");
      const groupings = format === "html" ? [...REPORT_GROUPINGS] : [...new Set(args.by)];
      if (format !== "html" && format !== "xlsx" && groupings.length > 1) {
        throw new UsageError(`--by: a ${format === "table" ? "table" : format.toUpperCase()} comparison takes one grouping (a workbook takes several)`);
      }
      if (groupings.includes("performer") && args.cast === undefined) throw new UsageError("--by performer: give the performers with --cast");
      const names = args.names || format === "table";
      const by = groupings[0]!;
      const html = format === "html";
      const options = html ? { costs: true, topTitles: REPORT_TITLES } : {};
      // By title, each group is one worker's: as CSV, the workers write its row (see CsvRows).
      const csvRows = format === "csv" && by === "title";
      const workers = startLedgerWorkers(args, { kind: "compare", by: groupings, csvRows, names, options });
      let loaded: LoadedContract[];
      let set: ComparisonSet;
      let pass;
      let outputs: RunOutputs | undefined;
      try {
        try {
          loaded = args.contract.map((ref) => contractFromFlag(ref));
          const ids = loaded.map((entry) => entry.contract.id);
          const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
          if (repeated !== undefined) throw new UsageError(`--contract: ${repeated} is given twice`);

          outputs = await RunOutputs.open(console, args, loaded);

          set = new ComparisonSet(loaded.map((entry) => entry.contract), groupings, options);
          const progress = ledgerProgress(console, args.usage, args.quiet);
          pass = await passOverLedger(args, loaded, workers, set, outputs.rejections, progress?.update).finally(() => progress?.stop());
        } catch (error) {
          // As calc: --strict writes no results, but the rejects file names the record that stopped the run.
          if (error instanceof StrictStop && outputs) await outputs.stopped(error.rejection);
          throw error;
        } finally {
          await workers?.stop();
        }
        if (html) {
          const inputs = { titles: args.titles, usage: args.usage, ...(args.cast ? { cast: args.cast } : {}) };
          await outputs.results.write(renderHtmlReport(comparisonReport(set, loaded, inputs, displayPath)));
        } else if (format === "xlsx") {
          const workbook = await StreamingWorkbook.open(outputs.results);
          for (const sink of set.sinks) writeComparisonSheet(workbook, sink.resultStream());
          writeContractsSheet(workbook, loaded.map((entry) => reportContract(entry, displayPath)));
          await workbook.finish();
        } else {
          for (const piece of renderComparisonStream(set.sinks[0]!.resultStream(), format, names, tableLayout(console, args.out))) {
            const waiting = typeof piece === "string" ? outputs.results.write(piece) : outputs.results.writeBytes(piece);
            if (waiting) await waiting;
          }
        }
        const totals = loaded.map((contract, index) => ({ contract, totals: set.contractTotals[index]! }));
        return await closeLedgerRun(console, args, pass, totals, outputs);
      } finally {
        await outputs?.discard();
      }
    },
  };
}
