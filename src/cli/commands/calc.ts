import type { Argv } from "yargs";
import { StrictStop } from "../../pipeline/ledger.js";
import { LinesWriter } from "../../pipeline/lines-writer.js";
import { LinesWorkbookWriter } from "../../pipeline/lines-workbook-writer.js";
import type { Console } from "../console.js";
import { contractFromFlag } from "../contract-flag.js";
import { examples } from "../help.js";
import { passOverLedger, startLedgerWorkers } from "../../pipeline/ledger-pass.js";
import { ledgerProgress } from "../progress.js";
import { CALC_FORMATS as FORMATS, calcOnWorkers, ledgerOptions, outputFormat, tableLayout, type CalcFormat, type LedgerArgs } from "../options.js";
import { closeLedgerRun } from "../report.js";
import { RunOutputs } from "../run-outputs.js";


interface CalcArgs extends LedgerArgs {
  contract: string;
  format?: CalcFormat;
  explain: boolean;
}

export function calcCommand(console: Console) {
  return {
    command: "calc",
    describe: "Payment lines for a usage ledger under one contract",
    builder: (yargs: Argv) =>
      ledgerOptions(yargs)
        .option("contract", { type: "string", demandOption: true, describe: "Contract id or path to a contract file", requiresArg: true })
        .option("format", { choices: FORMATS, describe: "Output format (default: from --out's extension; else table on a terminal, csv otherwise)" })
        .option("explain", { type: "boolean", default: false, describe: "Add an explanation column: zone, rate, base and arithmetic" })
        .epilogue(
          examples([
            "the bundled example ledger under the 2009 SAG contract",
            "residuals calc --contract sag-2009 --titles examples/titles.csv --usage examples/usage.csv --cast examples/cast.csv",
          ]),
        ),
    handler: async (args: CalcArgs): Promise<number> => {
      const format = outputFormat(args.format, args.out, console, FORMATS, "table");
      const task = calcOnWorkers(format) ? ({ kind: "calc", format, explain: args.explain, names: args.names } as const) : undefined;
      const workers = startLedgerWorkers(args, task);
      let outputs: RunOutputs | undefined;
      try {
        const contract = contractFromFlag(args.contract);
        outputs = await RunOutputs.open(console, args, [contract]);
        const writer = format === "xlsx" ? await LinesWorkbookWriter.open(outputs.results, args.explain) : new LinesWriter(outputs.results, format, args.explain, tableLayout(console, args.out), args.names);
        try {
          const progress = ledgerProgress(console, args.usage, args.quiet);
          const pass = passOverLedger(args, [contract], workers, writer, outputs.rejections, progress?.update);
          const result = await pass.finally(() => progress?.stop());
          await writer.finish();
          return await closeLedgerRun(console, args, result, [{ contract, totals: writer.totals }], outputs);
        } catch (error) {
          if (error instanceof StrictStop) await outputs.stopped(error.rejection);
          throw error;
        }
      } finally {
        await outputs?.discard();
        await workers?.stop();
      }
    },
  };
}
