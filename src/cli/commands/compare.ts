import type { Argv } from "yargs";
import { ComparisonSink, GROUPINGS, type Grouping } from "../../pipeline/comparison.js";
import { StrictStop } from "../../pipeline/ledger.js";
import type { LoadedContract } from "../../contracts/load.js";
import { renderComparisonStream, type ComparisonFormat } from "../../io/out/comparison-format.js";
import type { Console } from "../console.js";
import { contractFromFlag } from "../contract-flag.js";
import { examples } from "../help.js";
import { UsageError } from "../exit-codes.js";
import { passOverLedger, startLedgerWorkers } from "../../pipeline/ledger-pass.js";
import { ledgerProgress } from "../progress.js";
import { ledgerOptions, outputFormat, type LedgerArgs } from "../options.js";
import { closeLedgerRun } from "../report.js";
import { RunOutputs } from "../run-outputs.js";

interface CompareArgs extends LedgerArgs {
  contract: string[];
  by: Grouping;
  format?: ComparisonFormat;
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
        .option("by", { choices: GROUPINGS, default: "title" as Grouping, describe: "Group totals by title, medium or year (of period_start)" })
        .option("format", { choices: ["table", "csv", "json"] as const, describe: "Output format (default: table on a terminal, csv otherwise or for .csv)" })
        .epilogue(
          examples([
            "the studios' final offer against the 2005 contract, on the bundled example",
            "residuals compare --contract sag-2005 --contract amptp-2008-sag-final-offer --titles examples/titles.csv --usage examples/usage.csv --cast examples/cast.csv",
          ]),
        ),
    handler: async (args: CompareArgs): Promise<number> => {
      if (args.contract.length < 2) throw new UsageError("--contract: compare needs at least two contracts (the first is the baseline)");
      const format = args.format ?? outputFormat<ComparisonFormat>(args.out, console, ["csv", "json", "table"], "table");
      // By title, each group is one worker's: as CSV, the workers write its row (see CsvRows).
      const workers = startLedgerWorkers(args, { kind: "compare", by: args.by, csvRows: format === "csv" && args.by === "title" });
      let loaded: LoadedContract[];
      let sink: ComparisonSink;
      let pass;
      let outputs: RunOutputs | undefined;
      try {
        try {
          loaded = args.contract.map((ref) => contractFromFlag(ref));
          const ids = loaded.map((entry) => entry.contract.id);
          const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
          if (repeated !== undefined) throw new UsageError(`--contract: ${repeated} is given twice`);

          outputs = await RunOutputs.open(console, args, loaded);

          sink = new ComparisonSink(loaded.map((entry) => entry.contract), args.by);
          const progress = ledgerProgress(console, args.usage, args.quiet);
          pass = await passOverLedger(args, loaded, workers, sink, progress?.update).finally(() => progress?.stop());
        } catch (error) {
          // As calc: --strict writes no results, but the rejects file names the record that stopped the run.
          if (error instanceof StrictStop && outputs) await outputs.stopped(error.rejection);
          throw error;
        } finally {
          await workers?.stop();
        }
        for (const piece of renderComparisonStream(sink.resultStream(), format)) {
          const waiting = typeof piece === "string" ? outputs.results.write(piece) : outputs.results.writeBytes(piece);
          if (waiting) await waiting;
        }
        const totals = loaded.map((contract, index) => ({ contract, totals: sink.contractTotals[index]! }));
        return await closeLedgerRun(console, args, pass, sink.rejections, totals, outputs);
      } finally {
        await outputs?.discard();
      }
    },
  };
}
