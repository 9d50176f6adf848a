import { basename } from "node:path";
import type { Argv } from "yargs";
import type { TableLayout } from "../io/out/text-table.js";
import type { LineFormat } from "../pipeline/lines-writer.js";
import type { Console } from "./console.js";
import { UsageError } from "./exit-codes.js";
import { wholeNumberOption } from "./flags.js";

export interface LedgerArgs {
  titles: string;
  usage: string;
  cast?: string;
  services?: string;
  out?: string;
  rejects?: string;
  strict: boolean;
  quiet: boolean;
  names: boolean;
  workers?: number;
}

export type CalcFormat = LineFormat | "xlsx";
export const CALC_FORMATS: readonly CalcFormat[] = ["csv", "json", "table", "xlsx"];

/**
 * Whether calc's lines are written by workers in this format. A table needs every line object
 * to align its columns, and a workbook each line's values with their types: both are computed
 * on the main thread.
 */
export function calcOnWorkers(format: CalcFormat): format is "csv" | "json" {
  return format === "csv" || format === "json";
}

/** `--workers` as given: a whole number of threads, 1 to 16 (a UsageError otherwise). */
export const workerThreads = wholeNumberOption("workers", 1, 16);

/** The input and output flags shared by `calc` and `compare`. */
export function ledgerOptions(yargs: Argv) {
  return yargs
    .option("titles", { type: "string", demandOption: true, requiresArg: true, describe: "Titles (catalogue) CSV" })
    .option("usage", { type: "string", demandOption: true, requiresArg: true, describe: "Usage ledger CSV" })
    .option("cast", { type: "string", requiresArg: true, describe: "Cast CSV: TAM and allocation units per performer" })
    .option("services", { type: "string", requiresArg: true, describe: "Services CSV: domestic subscribers per service and date (for the success bonus)" })
    .option("out", { type: "string", requiresArg: true, describe: "Write results here instead of stdout" })
    .option("rejects", { type: "string", requiresArg: true, describe: "Write every rejected input record to this CSV" })
    .option("strict", { type: "boolean", default: false, describe: "Stop at the first rejected record" })
    .option("quiet", { type: "boolean", default: false, describe: "No progress bar and no closing summary on stderr" })
    .option("names", { type: "boolean", default: false, describe: "CSV and JSON: add the names of titles and performers (from the titles and cast files) after their ids" })
    .option("workers", {
      type: "string",
      requiresArg: true,
      coerce: workerThreads,
      describe: "Threads computing the ledger, 1 to 16 (default: 2 for ledgers over 8 MB on a machine with 2+ cores, else 1)",
    });
}

/** A table written to a terminal fits its width; written to a file or a pipe, it is shown whole. */
export function tableLayout(console: Console, out: string | undefined): TableLayout {
  const columns = (console.stdout as { columns?: number }).columns;
  return out === undefined && console.stdout.isTTY && columns !== undefined && columns > 0 ? { width: columns } : {};
}

/** The format each --out extension names. */
const EXTENSION_FORMATS: Readonly<Record<string, string>> = { csv: "csv", json: "json", txt: "table", html: "html", htm: "html", xlsx: "xlsx" };

/**
 * The format of a run's output: --format, else the one --out's extension names (a file without
 * an extension is CSV), else a table on a terminal and CSV otherwise. An extension the command
 * cannot write, or one naming another format than --format, is a usage error: never a file in
 * a format its name does not say.
 */
export function outputFormat<F extends string>(format: F | undefined, out: string | undefined, console: Console, formats: readonly F[], terminal: F): F {
  const fallback = formats.includes("csv" as F) ? ("csv" as F) : terminal;
  const extension = out === undefined ? undefined : /\.([^./\\]+)$/.exec(basename(out))?.[1]?.toLowerCase();
  if (extension !== undefined) {
    const named = EXTENSION_FORMATS[extension] as F | undefined;
    if (named === undefined || !formats.includes(named)) {
      const known = Object.keys(EXTENSION_FORMATS).filter((key) => formats.includes(EXTENSION_FORMATS[key] as F));
      throw new UsageError(`--out ${out}: cannot write a .${extension} file (this command writes ${known.map((key) => `.${key}`).join(", ")})`);
    }
    if (format !== undefined && format !== named) throw new UsageError(`--format ${format} does not match --out ${out} (a .${extension} file is ${named})`);
    return named;
  }
  if (format === "xlsx" && out === undefined && console.stdout.isTTY) {
    throw new UsageError("--format xlsx: a workbook is not shown on a terminal; give --out FILE.xlsx or redirect stdout");
  }
  if (format !== undefined) return format;
  if (out !== undefined) return fallback;
  return console.stdout.isTTY ? terminal : fallback;
}
