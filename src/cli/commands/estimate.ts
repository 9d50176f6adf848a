import type { Argv } from "yargs";
import { contractInForce, earliestRatified, type InForce } from "../../batch/contract-in-force.js";
import { estimateResiduals, type ActorSide, type PoolShare } from "../../batch/estimate.js";
import { bundledContractIds, loadContractRef } from "../../contracts/bundled.js";
import { formatDay, type Day } from "../../engine/days.js";
import type { Title, Usage } from "../../engine/inputs.js";
import { scaledFromDec, ZERO_SCALED } from "../../engine/cents.js";
import { Dec, formatPlain } from "../../engine/money.js";
import type { Contract } from "../../engine/terms.js";
import { GUILDS, KINDS, MARKETS, MEDIA, type Guild, type Kind, type Market, type Medium } from "../../engine/vocabulary.js";
import { renderEstimate, type ContractChoice, type EstimateFormat } from "../../io/estimate-format.js";
import { readOneTitleUsage } from "../../io/one-title-usage.js";
import type { Rejection } from "../../io/table.js";
import { parseCount, parseDate, parseDecimal, parseMoney, parsePositiveCount, Problem } from "../../io/values.js";
import type { Console } from "../console.js";
import { EXIT, UsageError } from "../exit-codes.js";
import { reportRejections } from "../report.js";

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
  usage?: string;
  tam?: string;
  share?: string;
  "my-units"?: string;
  "total-units"?: string;
  format: EstimateFormat;
}

/** Usage periods are matched by position: the n-th --from, --to, --gross and --units go with the n-th --medium. */
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
        .option("gross", { ...repeated, describe: "Distributor's gross of a usage period (repeatable; default 0)" })
        .option("units", { ...repeated, describe: "Downloads or rentals in a usage period (repeatable)" })
        .option("usage", { type: "string", requiresArg: true, describe: "Instead of --medium…: a usage CSV whose rows are all this title's" })
        .option("tam", { type: "string", requiresArg: true, describe: "Your total applicable minimum (performers): fixed residuals are a % of it" })
        .option("share", { type: "string", requiresArg: true, describe: "Your share of pooled amounts, a fraction (0.25)" })
        .option("my-units", { type: "string", requiresArg: true, describe: "Your allocation units of the pool (with --total-units)" })
        .option("total-units", { type: "string", requiresArg: true, describe: "All allocation units of the pool (with --my-units)" })
        .option("format", { choices: ["text", "json"] as const, default: "text" as EstimateFormat, describe: "Output format" })
        .example(
          "$0 estimate --contract amptp-2008-sag-final-offer --kind tv --produced 2008-06-01 --first-aired 2009-01-01 --medium ad-supported-streaming --from 2009-01-20 --to 2009-01-20 --tam 2833.33",
          "a guest star's first fixed period",
        ),
    handler: async (args: EstimateArgs): Promise<number> => {
      const side = actorSide(args);
      const described = describedTitle(args);
      let title: Title;
      let rows: Usage[];
      let rejections: Rejection[] = [];
      if (args.usage !== undefined) {
        if (args.medium || args.from || args.to || args.gross || args.units) {
          throw new UsageError("--usage: give usage periods either as --medium, --from, --to… or as --usage FILE, not both");
        }
        ({ title, rows, rejections } = await readOneTitleUsage(args.usage, (id) => ({ ...described, id })));
      } else {
        title = described;
        rows = usagePeriods(args, title.id);
      }
      const choice = chooseContracts(args, rows);
      const contractFor = (usage: Usage) => (choice.by === "name" ? choice.contract : choice.inForce.get(usage)!.contract);
      const estimate = estimateResiduals(title, rows, contractFor, side.side);

      const used = [...new Set(rows.map(contractFor))];
      const notes: string[] = [];
      if (estimate.poolsCountedWhole) {
        notes.push("no share given: percentages of distributor's gross are the title's pool, counted whole here; give --share, or --my-units with --total-units, for your part.");
      }
      for (const contract of used) {
        if (side.side.tam && contract.fixedBasis === "residual_base") {
          notes.push(`--tam is not used under ${contract.id}: its fixed residuals are a percentage of the program's residual base (--residual-base).`);
        }
      }
      if (used.length > 1) notes.push("each contract counts fixed periods and download tiers over its own periods only.");

      const report = { title, side: side.side, ...(side.text ? { shareText: side.text } : {}), choice, estimate, notes, hint: missingFlag };
      console.stdout.write(renderEstimate(report, args.format));
      reportRejections(console, rejections, undefined);
      return rejections.length > 0 ? EXIT.rejected : EXIT.ok;
    },
  };
}

/** A flag's value parsed with the input files' own parsers; a bad value is a usage error naming the flag. */
function flagValue<T>(flag: string, text: string, parse: (text: string) => T | Problem): T {
  const value = parse(text);
  if (value instanceof Problem) throw new UsageError(`--${flag}: ${value.reason} (value "${text}")`);
  return value;
}

function describedTitle(args: EstimateArgs): Title {
  const optional = <T>(flag: keyof EstimateArgs & string, parse: (text: string) => T | Problem): T | undefined => {
    const text = args[flag] as string | undefined;
    return text === undefined ? undefined : flagValue(flag, text, parse);
  };
  const firstAiredOn = optional("first-aired", parseDate);
  const runtimeMinutes = optional("runtime", parsePositiveCount);
  const budget = optional("budget", parseMoney);
  const residualBase = optional("residual-base", parseMoney);
  return {
    id: "title",
    kind: args.kind,
    producedOn: flagValue("produced", args.produced, parseDate),
    firstSeason: args["first-season"],
    ...(firstAiredOn !== undefined ? { firstAiredOn } : {}),
    ...(runtimeMinutes !== undefined ? { runtimeMinutes } : {}),
    ...(args.market !== undefined ? { market: args.market } : {}),
    ...(budget !== undefined ? { budget } : {}),
    ...(residualBase !== undefined ? { residualBase } : {}),
  };
}

function usagePeriods(args: EstimateArgs, titleId: string): Usage[] {
  const media = args.medium ?? [];
  if (media.length === 0) throw new UsageError("--medium: give each usage period's --medium, --from and --to, or --usage FILE");
  const matched = (flag: "from" | "to" | "gross" | "units", optional: boolean): string[] | undefined => {
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
  return media.map((medium, index) => {
    const start = flagValue("from", from[index]!, parseDate);
    const end = flagValue("to", to[index]!, parseDate);
    if (end < start) throw new UsageError(`--to: period ${index + 1} ends ${to[index]}, before it starts ${from[index]}`);
    const count = units === undefined ? undefined : flagValue("units", units[index]!, parseCount);
    return {
      row: index + 1,
      titleId,
      medium,
      start,
      end,
      gross: gross === undefined ? ZERO_SCALED : scaledFromDec(flagValue("gross", gross[index]!, parseMoney)),
      ...(count !== undefined ? { units: count } : {}),
    };
  });
}

function actorSide(args: EstimateArgs): { side: ActorSide; text?: string } {
  const tam = args.tam === undefined ? undefined : flagValue("tam", args.tam, parseMoney);
  const withTam = tam === undefined ? {} : { tam };
  const mine = args["my-units"];
  const total = args["total-units"];
  if (args.share !== undefined && (mine !== undefined || total !== undefined)) {
    throw new UsageError(`--share: give --share or --my-units with --total-units, not both`);
  }
  let share: PoolShare | undefined;
  let text: string | undefined;
  if (args.share !== undefined) {
    const fraction = flagValue("share", args.share, parseDecimal);
    if (fraction.greaterThan(1)) throw new UsageError(`--share: must be a fraction from 0 to 1, e.g. 0.25 (value "${args.share}")`);
    share = { mine: fraction, of: new Dec(1) };
    text = formatPlain(fraction, 12);
  } else if (mine !== undefined || total !== undefined) {
    if (total === undefined) throw new UsageError("--total-units: needed with --my-units (your units of how many)");
    if (mine === undefined) throw new UsageError("--my-units: needed with --total-units (your units of the total)");
    const myUnits = flagValue("my-units", mine, parseDecimal);
    const allUnits = flagValue("total-units", total, parseDecimal);
    if (allUnits.isZero()) throw new UsageError(`--total-units: must be more than 0`);
    if (myUnits.greaterThan(allUnits)) throw new UsageError(`--my-units: ${mine} is more than --total-units ${total}`);
    share = { mine: myUnits, of: allUnits };
    text = `${formatPlain(myUnits)} of ${formatPlain(allUnits)} units`;
  }
  return { side: { ...withTam, ...(share ? { share } : {}) }, ...(text ? { text } : {}) };
}

function chooseContracts(args: EstimateArgs, rows: readonly Usage[]): ContractChoice {
  if (args.contract !== undefined && args.guild !== undefined) throw new UsageError("--guild: give --contract or --guild, not both");
  if (args.contract !== undefined) return { by: "name", contract: loadContractRef(args.contract).contract };
  const guild = args.guild;
  if (guild === undefined) throw new UsageError("--contract: give a contract, or --guild to take the one in force on each period's date");
  const library = bundledContractIds().map((id) => loadContractRef(id).contract);
  const inForce = new Map<Usage, InForce>();
  rows.forEach((usage, index) => {
    const found = contractInForce(library, guild, usage.start);
    if (found === undefined) throw new UsageError(notInForce(library, guild, usage.start, index + 1));
    inForce.set(usage, found);
  });
  return { by: "date", guild, inForce };
}

function notInForce(library: readonly Contract[], guild: Guild, day: Day, period: number): string {
  const earliest = earliestRatified(library, guild);
  const since = earliest ? `; the first, ${earliest.id}, starts ${formatDay(earliest.term.from)}` : "";
  return `--guild: no ratified ${guild} contract was in force on ${formatDay(day)} (period ${period})${since}`;
}

/** The flag that supplies what an incomplete line says is missing. */
function missingFlag(note: string, contract: Contract): string | undefined {
  const field = /^(\w+) is missing/.exec(note)?.[1];
  switch (field) {
    case "first_aired_on":
      return "--first-aired";
    case "runtime_minutes":
      return "--runtime";
    case "budget":
      return "--budget";
    case "units":
      return "--units (downloads in the period)";
    case "tam":
      return "--tam";
    case "residual_base":
      return contract.fixedBasis === "tam" ? "--tam (your total applicable minimum)" : "--residual-base";
    default:
      return undefined;
  }
}
