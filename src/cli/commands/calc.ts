import type { Argv } from "yargs";
import { StrictStop } from "../../batch/ledger.js";
import { LinesWriter, type LineFormat } from "../../batch/lines-writer.js";
import { loadContractRef } from "../../contracts/bundled.js";
import { Output } from "../../io/output.js";
import { writeRejects } from "../../io/rejects.js";
import { checkTarget } from "../../io/targets.js";
import type { Console } from "../console.js";
import { passOverLedger, startLedgerWorkers } from "../ledger-pass.js";
import { ledgerProgress } from "../progress.js";
import { ledgerOptions, outputFormat, type LedgerArgs } from "../options.js";
import { closeLedgerRun } from "../report.js";

interface CalcArgs extends LedgerArgs {
  contract: string;
  format?: LineFormat;
  explain: boolean;
}

export function calcCommand(console: Console) {
  return {
    command: "calc",
    describe: "Payment lines for a usage ledger under one contract",
    builder: (yargs: Argv) =>
      ledgerOptions(yargs)
        .option("contract", { type: "string", demandOption: true, describe: "Contract id or path to a contract file", requiresArg: true })
        .option("format", { choices: ["csv", "json", "table"] as const, describe: "Output format (default: table on a terminal, csv otherwise or for .csv)" })
        .option("explain", { type: "boolean", default: false, describe: "Add an explanation column: zone, rate, base and arithmetic" }),
    handler: async (args: CalcArgs): Promise<number> => {
      const format = args.format ?? outputFormat<LineFormat>(args.out, console, ["csv", "json", "table"], "table");
      // A table needs every line object to align its columns, so it is computed on this thread.
      const task = format === "table" ? undefined : ({ kind: "calc", format, explain: args.explain } as const);
      const workers = startLedgerWorkers(args, task);
      try {
        const contract = loadContractRef(args.contract);
        for (const target of [args.out, args.rejects]) if (target !== undefined) await checkTarget(target);
        const output = await Output.open(args.out, console.stdout);
        const writer = new LinesWriter(output, format, args.explain);
        try {
          const progress = ledgerProgress(console, args.usage, args.quiet);
          const pass = passOverLedger(args, [contract], workers, writer, progress?.update);
          const result = await pass.finally(() => progress?.stop());
          await writer.finish();
          await output.commit();
          return await closeLedgerRun(console, args, result, writer.rejections, [{ contract, totals: writer.totals }]);
        } catch (error) {
          // --strict writes no results, but the rejects file still names the record that stopped the run.
          if (error instanceof StrictStop && args.rejects) await writeRejects(args.rejects, [error.rejection]);
          throw error;
        } finally {
          await output.discard();
        }
      } finally {
        await workers?.stop();
      }
    },
  };
}
