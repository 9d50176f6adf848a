import type { ContractLibrary } from "../contracts/library.js";
import { formatDay, type Day } from "../domain/days.js";
import type { Services, SubscriberCount, Title, Usage } from "../domain/inputs.js";
import { scaledFromDec, ZERO_SCALED } from "../money/scaled.js";
import { formatPlain } from "../money/decimal.js";
import { parsePortion, portionText } from "../money/percent.js";
import type { Line } from "../domain/lines.js";
import type { Contract } from "../domain/terms.js";
import { GUILDS, KINDS, MARKETS, MEDIA, type Guild } from "../domain/vocabulary.js";
import type { ContractChoice } from "../io/out/estimate-format.js";
import { correctionProblem, parseDate, parseDecimal, parseMoney, parsePositiveCount, parseSignedCount, parseSignedMoney, Problem } from "../io/csv/cell-values.js";
import { contractInForce, earliestRatified, type InForce } from "./contract-in-force.js";
import { estimateResiduals, type ActorSide, type Estimate, type PoolShare } from "./estimate.js";

/**
 * The estimate use case, shared by `residuals estimate` and the browser page: the fields as a
 * person gives them (flags, a form, a query string), checked, then run through the engine. Field
 * names are the command's flags and the page's query parameters.
 */
export interface EstimateFields {
  readonly contract?: string;
  readonly guild?: string;
  readonly kind?: string;
  readonly produced?: string;
  readonly "first-aired"?: string;
  readonly runtime?: string;
  readonly "first-season"?: boolean;
  readonly market?: string;
  readonly budget?: string;
  readonly "residual-base"?: string;
  readonly tam?: string;
  readonly share?: string;
  readonly "my-units"?: string;
  readonly "total-units"?: string;
  /** Usage periods; undefined when the rows come from elsewhere (a usage file). */
  readonly periods?: readonly PeriodFields[];
}

export interface PeriodFields {
  readonly medium?: string;
  readonly from?: string;
  readonly to?: string;
  /** Distributor's gross; negative on a correction. Absent: the period's percentages of gross are incomplete lines naming it. */
  readonly gross?: string;
  readonly units?: string;
  /** The service's domestic subscribers in the period (the success bonus). */
  readonly "service-subscribers"?: string;
  /** Domestic hours viewed in the period (the success bonus). */
  readonly "hours-viewed"?: string;
}

export type FieldName = Exclude<keyof EstimateFields, "periods"> | keyof PeriodFields;

/**
 * A field that cannot be used, in the user's words. Another field named in `reason` is written
 * `{name}`, so each front end can name it its own way (`--name` or the label): see `fieldReason`.
 */
export interface FieldProblem {
  readonly field: FieldName;
  /** 1-based, for a usage period's field. */
  readonly period?: number;
  readonly reason: string;
  /** The text given, when the problem is with that text. */
  readonly value?: string;
}

export function fieldReason(problem: Pick<FieldProblem, "reason">, nameOf: (field: FieldName) => string): string {
  return problem.reason.replace(/\{([a-z-]+)\}/g, (_, field: FieldName) => nameOf(field));
}

/** An estimate's fields, checked: everything but the contracts themselves. */
export interface EstimateRequest {
  readonly title: Title;
  /** Empty when the fields gave no periods (the rows come from elsewhere). */
  readonly rows: readonly Usage[];
  readonly side: ActorSide;
  /** The share as the user gave it, e.g. "0.25" or "3 of 12 units". */
  readonly shareText?: string;
  readonly contracts: { readonly by: "name"; readonly ref: string } | { readonly by: "date"; readonly guild: Guild };
  /** Subscriber counts: each period's own (its service is "period N"), or a services file's. */
  readonly services?: Services;
  /** The rows of periods given without a distributor's gross. */
  readonly grossMissing: ReadonlySet<Usage>;
  /** Where the usage rows come from: the fields' periods, or a usage file (whose columns name its data). */
  readonly rowsFrom: RowsFrom;
}

export type RowsFrom = "fields" | "file";

/** Things worth saying about an estimate; each front end words them. */
export type EstimateNote =
  | { readonly kind: "pools-counted-whole" }
  | { readonly kind: "tam-not-used"; readonly contract: Contract }
  | { readonly kind: "contracts-count-apart" };

export interface EstimateResult {
  readonly title: Title;
  readonly side: ActorSide;
  readonly shareText?: string;
  readonly rowsFrom: RowsFrom;
  readonly choice: ContractChoice;
  readonly estimate: Estimate;
  readonly notes: readonly EstimateNote[];
}

/** The title id of an estimate described by fields (a usage file names its own). */
export const DESCRIBED_TITLE = "title";

/** From fields to an answer: the page's one call (the command line reads a usage file between the two steps). */
export function estimateFromFields(fields: EstimateFields, library: ContractLibrary): EstimateResult | FieldProblem[] {
  const request = readEstimateFields(fields);
  if (Array.isArray(request)) return request;
  return runEstimate(request, request.rows, library);
}

/** Every field checked; all the problems found, in the order of the fields (the side, the title, the periods, the contract). */
export function readEstimateFields(fields: EstimateFields): EstimateRequest | FieldProblem[] {
  const problems: FieldProblem[] = [];
  const value = <T>(field: FieldName, text: string, parse: (text: string) => T | Problem, period?: number): T | undefined => {
    const parsed = parse(text);
    if (!(parsed instanceof Problem)) return parsed;
    problems.push({ field, ...(period !== undefined ? { period } : {}), reason: inFieldWords(parsed.reason), value: text });
    return undefined;
  };
  const optional = <T>(field: Exclude<FieldName, keyof PeriodFields | "first-season">, parse: (text: string) => T | Problem): T | undefined => {
    const text = fields[field];
    return text === undefined ? undefined : value(field, text, parse);
  };
  const oneOf = <T extends string>(field: FieldName, text: string | undefined, choices: readonly T[], period?: number): T | undefined => {
    if (text === undefined) return undefined;
    if ((choices as readonly string[]).includes(text)) return text as T;
    problems.push({ field, ...(period !== undefined ? { period } : {}), reason: `must be one of ${choices.join(", ")}`, value: text });
    return undefined;
  };

  const side = actorSide(fields, problems, value);

  const kind = oneOf("kind", fields.kind, KINDS);
  if (fields.kind === undefined) problems.push({ field: "kind", reason: `is required (${KINDS.join(", ")})` });
  const producedOn = fields.produced === undefined ? undefined : value("produced", fields.produced, parseDate);
  if (fields.produced === undefined) problems.push({ field: "produced", reason: "is required (the date principal photography began)" });
  const firstAiredOn = optional("first-aired", parseDate);
  const runtimeMinutes = optional("runtime", parsePositiveCount);
  const market = oneOf("market", fields.market, MARKETS);
  const budget = optional("budget", parseMoney);
  const residualBase = optional("residual-base", parseMoney);

  const rows: Usage[] = [];
  const grossMissing = new Set<Usage>();
  const services = new Map<string, SubscriberCount[]>();
  if (fields.periods !== undefined && fields.periods.length === 0) {
    problems.push({ field: "medium", reason: "give at least one usage period: its {medium}, {from} and {to}" });
  }
  fields.periods?.forEach((period, index) => {
    const number = index + 1;
    const required = (field: keyof PeriodFields, what: string) => {
      if (period[field] === undefined) problems.push({ field, period: number, reason: `is required (${what})` });
    };
    required("medium", "how the title was used");
    required("from", "the first day of the period");
    required("to", "the last day of the period");
    const medium = oneOf("medium", period.medium, MEDIA, number);
    const start = period.from === undefined ? undefined : value("from", period.from, parseDate, number);
    const end = period.to === undefined ? undefined : value("to", period.to, parseDate, number);
    const gross = period.gross === undefined ? undefined : value("gross", period.gross, parseSignedMoney, number);
    const units = period.units === undefined ? undefined : value("units", period.units, parseSignedCount, number);
    const subscribersText = period["service-subscribers"];
    const subscribers = subscribersText === undefined ? undefined : value("service-subscribers", subscribersText, parsePositiveCount, number);
    const hoursText = period["hours-viewed"];
    const hours = hoursText === undefined ? undefined : value("hours-viewed", hoursText, parseDecimal, number);
    const mismatch = gross === undefined ? undefined : correctionProblem(scaledFromDec(gross), units);
    if (mismatch !== undefined) problems.push({ field: "units", period: number, reason: inFieldWords(mismatch), value: period.units! });
    if (start !== undefined && end !== undefined && end < start) {
      problems.push({ field: "to", period: number, reason: `period ${number} ends ${period.to}, before it starts ${period.from}` });
      return;
    }
    if (medium === undefined || start === undefined || end === undefined) return;
    if ((period.gross !== undefined && gross === undefined) || (period.units !== undefined && units === undefined)) return;
    if ((subscribersText !== undefined && subscribers === undefined) || (hoursText !== undefined && hours === undefined)) return;
    const service = `period ${number}`;
    if (subscribers !== undefined) services.set(service, [{ asOf: ANY_DAY, subscribers: BigInt(subscribers) }]);
    const usage: Usage = {
      row: number,
      titleId: DESCRIBED_TITLE,
      medium,
      start,
      end,
      gross: gross === undefined ? ZERO_SCALED : scaledFromDec(gross),
      ...(units !== undefined ? { units } : {}),
      ...(subscribers !== undefined ? { service } : {}),
      ...(hours !== undefined ? { hoursViewed: scaledFromDec(hours) } : {}),
    };
    rows.push(usage);
    if (gross === undefined) grossMissing.add(usage);
  });

  let contracts: EstimateRequest["contracts"] | undefined;
  if (fields.contract !== undefined && fields.guild !== undefined) problems.push({ field: "guild", reason: "give {contract} or {guild}, not both" });
  else if (fields.contract !== undefined) contracts = { by: "name", ref: fields.contract };
  else if (fields.guild === undefined) problems.push({ field: "contract", reason: "give a contract, or {guild} to take the one in force on each period's date" });
  else {
    const guild = oneOf("guild", fields.guild, GUILDS);
    if (guild !== undefined) contracts = { by: "date", guild };
  }

  if (problems.length > 0 || kind === undefined || producedOn === undefined || side === undefined || contracts === undefined) return problems;
  const title: Title = {
    id: DESCRIBED_TITLE,
    kind,
    producedOn,
    firstSeason: fields["first-season"] ?? false,
    ...(firstAiredOn !== undefined ? { firstAiredOn } : {}),
    ...(runtimeMinutes !== undefined ? { runtimeMinutes } : {}),
    ...(market !== undefined ? { market } : {}),
    ...(budget !== undefined ? { budget } : {}),
    ...(residualBase !== undefined ? { residualBase } : {}),
  };
  const rowsFrom: RowsFrom = fields.periods === undefined ? "file" : "fields";
  return {
    title,
    rows,
    side: side.side,
    ...(side.text !== undefined ? { shareText: side.text } : {}),
    contracts,
    ...(services.size > 0 ? { services } : {}),
    grossMissing,
    rowsFrom,
  };
}

/** The readers' reasons name the usage file's column; here the field that gives it is named instead. */
function inFieldWords(reason: string): string {
  return reason.replace(/\bdistributor_gross\b/g, "{gross}");
}

/** Before any day a contract speaks of: a period's own subscriber count holds for every window it meets. */
const ANY_DAY = -(2 ** 31);

type ValueOf = <T>(field: FieldName, text: string, parse: (text: string) => T | Problem) => T | undefined;

/** The TAM and the share of pooled amounts (a fraction, or units of total units). */
function actorSide(fields: EstimateFields, problems: FieldProblem[], value: ValueOf): { side: ActorSide; text?: string } | undefined {
  const before = problems.length;
  const tam = fields.tam === undefined ? undefined : value("tam", fields.tam, parseMoney);
  const withTam = tam === undefined ? {} : { tam };
  const mine = fields["my-units"];
  const total = fields["total-units"];
  let share: PoolShare | undefined;
  let text: string | undefined;
  if (fields.share !== undefined && (mine !== undefined || total !== undefined)) {
    problems.push({ field: "share", reason: "give {share} or {my-units} with {total-units}, not both" });
  } else if (fields.share !== undefined) {
    const portion = parsePortion(fields.share);
    if (portion === undefined) problems.push({ field: "share", reason: "not a fraction or a percentage (expected 0.25 or 25%)", value: fields.share });
    else if (portion.mine.isNegative() || portion.mine.greaterThan(portion.of)) {
      problems.push({ field: "share", reason: "must be from 0 to 1, or 0% to 100%", value: fields.share });
    } else {
      share = { mine: portion.mine, of: portion.of };
      text = portionText(portion);
    }
  } else if (mine !== undefined || total !== undefined) {
    if (total === undefined) problems.push({ field: "total-units", reason: "needed with {my-units} (your units of how many)" });
    else if (mine === undefined) problems.push({ field: "my-units", reason: "needed with {total-units} (your units of the total)" });
    else {
      const myUnits = value("my-units", mine, parseDecimal);
      const allUnits = value("total-units", total, parseDecimal);
      if (allUnits?.isZero()) problems.push({ field: "total-units", reason: "must be more than 0" });
      else if (myUnits !== undefined && allUnits !== undefined && myUnits.greaterThan(allUnits)) {
        problems.push({ field: "my-units", reason: `${mine} is more than {total-units} ${total}` });
      } else if (myUnits !== undefined && allUnits !== undefined) {
        share = { mine: myUnits, of: allUnits };
        text = `${formatPlain(myUnits)} of ${formatPlain(allUnits)} units`;
      }
    }
  }
  if (problems.length > before) return undefined;
  return { side: { ...withTam, ...(share ? { share } : {}) }, ...(text ? { text } : {}) };
}

/**
 * The checked request through the engine, each row under its contract: the one named, or the
 * guild's ratified contract in force on the row's first day.
 */
export function runEstimate(request: EstimateRequest, rows: readonly Usage[], library: ContractLibrary): EstimateResult | FieldProblem[] {
  const choice = chooseContracts(request.contracts, rows, library);
  if (Array.isArray(choice)) return choice;
  const contractFor = (usage: Usage) => (choice.by === "name" ? choice.contract : choice.inForce.get(usage)!.contract);
  const estimate = estimateResiduals(request.title, rows, contractFor, request.side, request.services, request.grossMissing);

  const used = [...new Set(rows.map(contractFor))];
  const notes: EstimateNote[] = [];
  if (estimate.poolsCountedWhole) notes.push({ kind: "pools-counted-whole" });
  for (const contract of used) {
    if (request.side.tam && contract.fixedBasis === "residual_base") notes.push({ kind: "tam-not-used", contract });
  }
  if (used.length > 1) notes.push({ kind: "contracts-count-apart" });
  const { title, side, shareText, rowsFrom } = request;
  return { title, side, ...(shareText !== undefined ? { shareText } : {}), rowsFrom, choice, estimate, notes };
}

function chooseContracts(contracts: EstimateRequest["contracts"], rows: readonly Usage[], library: ContractLibrary): ContractChoice | FieldProblem[] {
  if (contracts.by === "name") return { by: "name", contract: library.contract(contracts.ref) };
  const all = library.all();
  const inForce = new Map<Usage, InForce>();
  const problems: FieldProblem[] = [];
  rows.forEach((usage, index) => {
    const found = contractInForce(all, contracts.guild, usage.start);
    if (found === undefined) problems.push({ field: "guild", reason: notInForce(all, contracts.guild, usage.start, index + 1) });
    else inForce.set(usage, found);
  });
  return problems.length > 0 ? problems.slice(0, 1) : { by: "date", guild: contracts.guild, inForce };
}

function notInForce(library: readonly Contract[], guild: Guild, day: Day, period: number): string {
  const earliest = earliestRatified(library, guild);
  const since = earliest ? `; the first, ${earliest.id}, starts ${formatDay(earliest.term.from)}` : "";
  return `no ratified ${guild} contract was in force on ${formatDay(day)} (period ${period})${since}`;
}

/** What an incomplete line needs, in the estimate's words: `reason` writes the field that supplies it `{name}` (see fieldReason). */
export interface Needed {
  readonly field?: FieldName;
  readonly reason: string;
}

/**
 * An incomplete line's note, with the input it names as missing (Line.missing, a column name of
 * the files) written as the field that gives it. Rows read from a usage file keep their own
 * columns' names (units, service…): those are the words of the file the person wrote.
 */
export function incompleteReason(line: Line, contract: Contract, rowsFrom: RowsFrom): Needed {
  const field = missingField(line.missing, contract, rowsFrom);
  if (field === undefined || !line.note.startsWith(`${line.missing} `)) return { reason: line.note };
  const rest = line.note.slice(line.missing!.length);
  if (line.missing === "residual_base" && field === "tam") {
    // With no TAM the engine asks for the title's residual base; under a TAM contract it is the person's TAM.
    return { field, reason: `{tam}${rest.replace("(the title's applicable minimum for ", "(your total applicable minimum, for ")}` };
  }
  return { field, reason: `{${field}}${rest}` };
}

function missingField(missing: string | undefined, contract: Contract, rowsFrom: RowsFrom): FieldName | undefined {
  switch (missing) {
    case "first_aired_on":
      return "first-aired";
    case "runtime_minutes":
      return "runtime";
    case "budget":
      return "budget";
    case "tam":
      return "tam";
    case "residual_base":
      return contract.fixedBasis === "tam" ? "tam" : "residual-base";
    case "units":
      return rowsFrom === "fields" ? "units" : undefined;
    case "distributor_gross":
      return rowsFrom === "fields" ? "gross" : undefined;
    case "service":
      return rowsFrom === "fields" ? "service-subscribers" : undefined;
    default:
      return undefined;
  }
}
