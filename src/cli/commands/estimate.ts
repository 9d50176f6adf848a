import type { Argv } from "yargs";
import {
  fieldReason,
  incompleteReason,
  readEstimateFields,
  runEstimate,
  type EstimateNote,
  type FieldProblem,
  type PeriodFields,
  type RowsFrom,
} from "../../pipeline/estimate-request.js";
import { bundledLibrary } from "../../contracts/bundled.js";
import type { ContractLibrary } from "../../contracts/library.js";
import { contractFromFlag } from "../contract-flag.js";
import { GUILDS, KINDS, MARKETS, MEDIA, type Guild, type Kind, type Market, type Medium } from "../../domain/vocabulary.js";
import { renderEstimate, type ContractChoice, type EstimateFormat, type Needs } from "../../io/out/estimate-format.js";
import { readOneTitleUsage } from "../../io/csv/one-title-usage.js";
import type { Rejection } from "../../io/csv/column-reader.js";
import type { Console } from "../console.js";
import { examples } from "../help.js";
import { EXIT, UsageError } from "../exit-codes.js";
import { reportRejections } from "../report.js";
import { readServices } from "../../io/csv/services.js";
import { formatDay } from "../../domain/days.js";
import type { Usage } from "../../domain/inputs.js";

interface EstimateArgs {
  contract?: string;
  guild?: Guild;
  kind: Kind;
  produced: string;
  "first-aired"?: string;
  runtime?: string;
  "first-season": boolean;
  market?: Market;
  budget?: string;
  "residual-base"?: string;
  medium?: Medium[];
  from?: string[];
  to?: string[];
  gross?: string[];
  units?: string[];
  "service-subscribers"?: string[];
  "hours-viewed"?: string[];
  usage?: string;
  services?: string;
  tam?: string;
  share?: string;
  "my-units"?: string;
  "total-units"?: string;
  format: EstimateFormat;
}

/** Usage periods are matched by position (see usagePeriods). */
const repeated = { type: "string", array: true, nargs: 1, requiresArg: true } as const;

export function estimateCommand(console: Console) {
  return {
    command: "estimate",
    describe: "One actor's (or writer's, director's) residuals for one title described by flags",
    builder: (yargs: Argv) =>
      yargs
        .option("contract", { type: "string", requiresArg: true, describe: "Contract id or file" })
        .option("guild", { choices: GUILDS, describe: "Instead of --contract: the guild's ratified contract in force on each period's first day" })
        .option("kind", { choices: KINDS, demandOption: true, describe: "The title: tv, feature or new-media" })
        .option("produced", { type: "string", demandOption: true, requiresArg: true, describe: "Date principal photography began (YYYY-MM-DD)" })
        .option("first-aired", { type: "string", requiresArg: true, describe: "First broadcast or release date" })
        .option("runtime", { type: "string", requiresArg: true, describe: "Runtime in minutes" })
        .option("first-season", { type: "boolean", default: false, describe: "A series in its first season (24-day window)" })
        .option("market", { choices: MARKETS, describe: "Market of first exhibition" })
        .option("budget", { type: "string", requiresArg: true, describe: "Budget (new-media originals)" })
        .option("residual-base", { type: "string", requiresArg: true, describe: "The program's residual base (writers, directors)" })
        .option("medium", { ...repeated, choices: MEDIA, describe: "Medium of a usage period (repeatable)" })
        .option("from", { ...repeated, describe: "First day of a usage period (repeatable)" })
        .option("to", { ...repeated, describe: "Last day of a usage period (repeatable)" })
        .option("gross", { ...repeated, describe: "Distributor's gross of a usage period (repeatable; needed for percentages of gross)" })
        .option("units", { ...repeated, describe: "Downloads or rentals in a usage period (repeatable)" })
        .option("service-subscribers", { ...repeated, describe: "Domestic subscribers of the service in a usage period (repeatable; success bonus)" })
        .option("hours-viewed", { ...repeated, describe: "Domestic hours viewed in a usage period (repeatable; success bonus)" })
        .option("usage", { type: "string", requiresArg: true, describe: "Instead of --medium…: a usage CSV whose rows are all this title's" })
        .option("services", { type: "string", requiresArg: true, describe: "With --usage: services CSV (service, as_of, domestic_subscribers)" })
        .option("tam", { type: "string", requiresArg: true, describe: "Your total applicable minimum (performers): fixed residuals are a % of it" })
        .option("share", { type: "string", requiresArg: true, describe: "Your share of pooled amounts: a fraction (0.25) or a percentage (25%)" })
        .option("my-units", { type: "string", requiresArg: true, describe: "Your allocation units of the pool (with --total-units)" })
        .option("total-units", { type: "string", requiresArg: true, describe: "All allocation units of the pool (with --my-units)" })
        .option("format", { choices: ["text", "json"] as const, default: "text" as EstimateFormat, describe: "Output format" })
        .epilogue(
          examples([
            "a guest star's first fixed period on ad-supported streaming",
            "residuals estimate --contract amptp-2008-sag-final-offer --kind tv --produced 2008-06-01 --first-aired 2009-01-01 --medium ad-supported-streaming --from 2009-01-20 --to 2009-01-20 --tam 2833.33",
          ]),
        ),
    handler: async (args: EstimateArgs): Promise<number> => {
      if (args.usage !== undefined && (args.medium || args.from || args.to || args.gross || args.units || args["service-subscribers"] || args["hours-viewed"])) {
        throw new UsageError("--usage: give usage periods either as --medium, --from, --to… or as --usage FILE, not both");
      }
      if (args.services !== undefined && args.usage === undefined) {
        throw new UsageError("--services: goes with --usage FILE; with --medium, give --service-subscribers per period");
      }
      const request = checked(readEstimateFields({ ...args, periods: args.usage === undefined ? usagePeriods(args) : undefined }));
      let rows = request.rows;
      let title = request.title;
      let rejections: Rejection[] = [];
      let services = request.services;
      if (args.usage !== undefined) {
        ({ title, rows, rejections } = await readOneTitleUsage(args.usage, (id) => ({ ...request.title, id })));
        if (args.services !== undefined) {
          const read = await readServices(args.services);
          services = read.services;
          rejections = [...read.rejections, ...rejections];
        }
      }
      const result = checked(runEstimate({ ...request, title, ...(services ? { services } : {}) }, rows, flagLibrary));
      if (result.choice.by === "date") warnPastLibrary(console, result.choice, rows);
      const report = { ...result, notes: result.notes.map(noteText), needs: flagNeeds(result.rowsFrom) };
      console.stdout.write(renderEstimate(report, args.format));
      reportRejections(console, rejections, undefined);
      return rejections.length > 0 ? EXIT.rejected : EXIT.ok;
    },
  };
}

/** The bundled library, where an unknown id is a usage error naming --contract (see contractFromFlag). */
const flagLibrary: ContractLibrary = { contract: (ref) => contractFromFlag(ref).contract, all: () => bundledLibrary.all() };

/** The first problem found, as a usage error naming its flag. */
function checked<T>(result: T | FieldProblem[]): T {
  if (!Array.isArray(result)) return result;
  const problem = result[0]!;
  const value = problem.value === undefined ? "" : ` (value "${problem.value}")`;
  throw new UsageError(`--${problem.field}: ${fieldReason(problem, (field) => `--${field}`)}${value}`);
}

/** The n-th --from, --to, --gross and --units go with the n-th --medium. */
function usagePeriods(args: EstimateArgs): PeriodFields[] {
  const media = args.medium ?? [];
  if (media.length === 0) throw new UsageError("--medium: give each usage period's --medium, --from and --to, or --usage FILE");
  const matched = (flag: "from" | "to" | "gross" | "units" | "service-subscribers" | "hours-viewed", optional: boolean): string[] | undefined => {
    const values = args[flag];
    if (values === undefined && optional) return undefined;
    const count = values?.length ?? 0;
    if (count !== media.length) {
      throw new UsageError(`--${flag}: ${count} value${count === 1 ? "" : "s"} for ${media.length} --medium (matched by position)`);
    }
    return values;
  };
  const from = matched("from", false)!;
  const to = matched("to", false)!;
  const gross = matched("gross", true);
  const units = matched("units", true);
  const subscribers = matched("service-subscribers", true);
  const hours = matched("hours-viewed", true);
  // An empty value ('') leaves that period's value out, as a blank field does on the page.
  const given = <K extends keyof PeriodFields>(field: K, values: string[] | undefined, index: number) =>
    values === undefined || values[index] === "" ? {} : { [field]: values[index] };
  return media.map((medium, index) => ({
    medium,
    from: from[index],
    to: to[index],
    ...given("gross", gross, index),
    ...given("units", units, index),
    ...given("service-subscribers", subscribers, index),
    ...given("hours-viewed", hours, index),
  }));
}

/** On stderr: the periods that fall after the term of the last contract of the guild the library holds. */
function warnPastLibrary(console: Console, choice: Extract<ContractChoice, { by: "date" }>, rows: readonly Usage[]): void {
  rows.forEach((usage, index) => {
    const inForce = choice.inForce.get(usage)!;
    if (!inForce.pastLibrary) return;
    const contract = inForce.contract;
    console.stderr.write(
      `warning: period ${index + 1} starts ${formatDay(usage.start)}, after the term of ${contract.id} (ended ${formatDay(contract.term.to!)}), the last ${choice.guild.toUpperCase()} contract this library holds: later agreements may have changed its terms\n`,
    );
  });
}

function noteText(note: EstimateNote): string {
  switch (note.kind) {
    case "pools-counted-whole":
      return "no share given: percentages of distributor's gross are the title's pool, counted whole here; give --share, or --my-units with --total-units, for your part.";
    case "tam-not-used":
      return `--tam is not used under ${note.contract.id}: its fixed residuals are a percentage of the program's residual base (--residual-base).`;
    case "contracts-count-apart":
      return "each contract counts fixed periods and download tiers over its own periods only.";
  }
}

/** An incomplete line's reason naming the flag that completes it. */
function flagNeeds(rowsFrom: RowsFrom): Needs {
  return (line, contract) => {
    const needed = incompleteReason(line, contract, rowsFrom);
    return { text: fieldReason(needed, (field) => `--${field}`), ...(needed.field !== undefined ? { flag: `--${needed.field}` } : {}) };
  };
}
