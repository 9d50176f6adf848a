import type { Argv } from "yargs";
import type { Console } from "./console.js";
import { wholeNumberOption } from "./flags.js";

export interface LedgerArgs {
  titles: string;
  usage: string;
  cast?: string;
  out?: string;
  rejects?: string;
  strict: boolean;
  quiet: boolean;
  workers?: number;
}

/** The input and output flags shared by `calc` and `compare`. */
export function ledgerOptions(yargs: Argv) {
  return yargs
    .option("titles", { type: "string", demandOption: true, requiresArg: true, describe: "Titles (catalogue) CSV" })
    .option("usage", { type: "string", demandOption: true, requiresArg: true, describe: "Usage ledger CSV" })
    .option("cast", { type: "string", requiresArg: true, describe: "Cast CSV: TAM and allocation units per performer" })
    .option("out", { type: "string", requiresArg: true, describe: "Write results here instead of stdout" })
    .option("rejects", { type: "string", requiresArg: true, describe: "Write every rejected input record to this CSV" })
    .option("strict", { type: "boolean", default: false, describe: "Stop at the first rejected record" })
    .option("quiet", { type: "boolean", default: false, describe: "No progress bar and no closing summary on stderr" })
    .option("workers", {
      type: "string",
      requiresArg: true,
      coerce: wholeNumberOption("workers", 1, 16),
      describe: "Threads computing the ledger, 1 to 16 (default: 2 for ledgers over 8 MB on a machine with 2+ cores, else 1)",
    });
}

/** The format an output path or terminal implies, when no --format is given. */
export function outputFormat<F extends string>(out: string | undefined, console: Console, formats: readonly F[], terminal: F): F {
  if (out !== undefined) {
    const extension = /\.([a-z]+)$/i.exec(out)?.[1]?.toLowerCase();
    const match = formats.find((format) => format === extension);
    if (match) return match;
    return formats.includes("csv" as F) ? ("csv" as F) : terminal;
  }
  return console.stdout.isTTY ? terminal : (formats.includes("csv" as F) ? ("csv" as F) : terminal);
}
