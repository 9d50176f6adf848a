/**
 * Golden cases: declarative YAML files under test/golden/cases/, each a list of cases
 *
 *   - name: what the case shows
 *     contract: <bundled contract id>
 *     titles: [ { title_id, kind, produced_on, first_aired_on?, ... } ]   # columns of the titles file
 *     usage:  [ { title_id, medium, period_start, period_end, distributor_gross, units?, service?, hours_viewed? } ]
 *     cast:   [ { title_id, performer_id, tam?, units? } ]                 # optional: a cast file
 *     services: [ { service, as_of, domestic_subscribers } ]              # optional: a services file
 *     expected:
 *       - { row, status, amount, performer?, rule?, rate?, base?, note?, note_includes? }
 *
 * Cells are read as text (YAML failsafe schema) and parsed with the input-file parsers, so a
 * case says exactly what a CSV cell would say. Usage rows are numbered 1, 2, … in file order.
 *
 * `expected` lists every output line, in output order. `row`, `status` and `amount` are always
 * compared (`amount` "" for incomplete lines); `performer` is always compared too, "" (the
 * default) meaning a title-level line. `rule`, `note` (exact), `note_includes` (a part of the
 * note), `rate` and `base` (decimal values) are compared when given.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import type { CastList, CastMember, Catalogue, Services, SubscriberCount, Title, Usage } from "../../src/domain/inputs.js";
import { centsText, scaledFromDec } from "../../src/money/scaled.js";
import { Dec } from "../../src/money/decimal.js";
import { baseOf, type Line } from "../../src/domain/lines.js";
import { KINDS, MARKETS, MEDIA } from "../../src/domain/vocabulary.js";
import {
  parseBoolean,
  parseChoice,
  parseCount,
  parseDate,
  parseDecimal,
  parseMoney,
  correctionProblem,
  parsePositiveCount,
  parseSignedCount,
  parseScaledMoney,
  parseSignedMoney,
  Problem,
} from "../../src/io/csv/cell-values.js";

export type Cells = Readonly<Record<string, string>>;

export interface ExpectedLine {
  readonly row: number;
  readonly status: string;
  readonly amount: string;
  readonly performer: string;
  readonly rule?: string;
  readonly rate?: string;
  readonly base?: string;
  readonly note?: string;
  readonly note_includes?: string;
}

export interface GoldenCase {
  readonly file: string;
  readonly name: string;
  readonly contract: string;
  readonly titles: Catalogue;
  readonly usage: readonly Usage[];
  readonly cast?: CastList;
  readonly services?: Services;
  /** The case's records as written, to be written as CSV files (the CLI runs them too). */
  readonly records: { readonly titles: Cells[]; readonly usage: Cells[]; readonly cast?: Cells[]; readonly services?: Cells[] };
  readonly expected: readonly ExpectedLine[];
}

export const CASES_DIR = join(dirname(fileURLToPath(import.meta.url)), "cases");

const CASE_KEYS = ["name", "contract", "titles", "usage", "cast", "services", "expected"];
const TITLE_KEYS = ["title_id", "title", "kind", "produced_on", "first_aired_on", "runtime_minutes", "first_season", "market", "budget", "residual_base"];
const USAGE_KEYS = ["title_id", "medium", "period_start", "period_end", "distributor_gross", "units", "service", "hours_viewed"];
const SERVICE_KEYS = ["service", "as_of", "domestic_subscribers"];
const CAST_KEYS = ["title_id", "performer_id", "name", "tam", "units"];
const EXPECTED_KEYS = ["row", "status", "amount", "performer", "rule", "rate", "base", "note", "note_includes"];

class CaseError extends Error {}

function fail(where: string, message: string): never {
  throw new CaseError(`${where}: ${message}`);
}

function record(value: unknown, keys: readonly string[], required: readonly string[], where: string): Cells {
  if (value === null || typeof value !== "object" || Array.isArray(value)) fail(where, "expected a mapping");
  const cells = value as Record<string, unknown>;
  for (const [key, cell] of Object.entries(cells)) {
    if (!keys.includes(key)) fail(where, `unknown key "${key}"`);
    if (typeof cell !== "string") fail(where, `"${key}" must be a plain value`);
  }
  for (const key of required) if (cells[key] === undefined) fail(where, `"${key}" is required`);
  return cells as Cells;
}

function list(value: unknown, where: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(where, "expected a list");
  return value;
}

/** The value of a cell through an input-file parser; an empty or absent cell is undefined. */
function optional<T>(cells: Cells, key: string, parser: (text: string) => T | Problem, where: string): T | undefined {
  const text = cells[key];
  if (text === undefined || text === "") return undefined;
  const value = parser(text);
  if (value instanceof Problem) fail(where, `${key} "${text}": ${value.reason}`);
  return value;
}

function required<T>(cells: Cells, key: string, parser: (text: string) => T | Problem, where: string): T {
  const value = optional(cells, key, parser, where);
  if (value === undefined) fail(where, `${key} is empty`);
  return value;
}

const text = (value: string) => value;

export function buildTitle(cells: Cells, where: string): Title {
  const firstAiredOn = optional(cells, "first_aired_on", parseDate, where);
  const runtimeMinutes = optional(cells, "runtime_minutes", parsePositiveCount, where);
  const market = optional(cells, "market", parseChoice(MARKETS, "market"), where);
  const budget = optional(cells, "budget", parseMoney, where);
  const residualBase = optional(cells, "residual_base", parseMoney, where);
  const name = optional(cells, "title", text, where);
  return {
    id: required(cells, "title_id", text, where),
    kind: required(cells, "kind", parseChoice(KINDS, "kind"), where),
    producedOn: required(cells, "produced_on", parseDate, where),
    firstSeason: optional(cells, "first_season", parseBoolean, where) ?? false,
    ...(name !== undefined ? { name } : {}),
    ...(firstAiredOn !== undefined ? { firstAiredOn } : {}),
    ...(runtimeMinutes !== undefined ? { runtimeMinutes } : {}),
    ...(market !== undefined ? { market } : {}),
    ...(budget !== undefined ? { budget } : {}),
    ...(residualBase !== undefined ? { residualBase } : {}),
  };
}

export function buildUsage(cells: Cells, row: number, titles: Catalogue, where: string): Usage {
  const titleId = required(cells, "title_id", text, where);
  if (!titles.has(titleId)) fail(where, `title_id "${titleId}" is not among the case's titles`);
  const start = required(cells, "period_start", parseDate, where);
  const end = required(cells, "period_end", parseDate, where);
  if (end < start) fail(where, "period_end is before period_start");
  const units = optional(cells, "units", parseSignedCount, where);
  const service = optional(cells, "service", text, where);
  const hours = optional(cells, "hours_viewed", parseDecimal, where);
  const gross = scaledFromDec(required(cells, "distributor_gross", parseSignedMoney, where));
  const mismatch = correctionProblem(gross, units);
  if (mismatch !== undefined) fail(where, mismatch);
  return {
    row,
    titleId,
    medium: required(cells, "medium", parseChoice(MEDIA, "medium"), where),
    start,
    end,
    gross,
    ...(units !== undefined ? { units } : {}),
    ...(service !== undefined ? { service } : {}),
    ...(hours !== undefined ? { hoursViewed: scaledFromDec(hours) } : {}),
  };
}

export function buildCastMember(cells: Cells, titles: Catalogue, where: string): CastMember {
  const titleId = required(cells, "title_id", text, where);
  if (!titles.has(titleId)) fail(where, `title_id "${titleId}" is not among the case's titles`);
  const name = optional(cells, "name", text, where);
  const tam = optional(cells, "tam", parseScaledMoney, where);
  const units = optional(cells, "units", parseDecimal, where);
  return {
    titleId,
    performerId: required(cells, "performer_id", text, where),
    ...(name !== undefined ? { name } : {}),
    ...(tam !== undefined ? { tam } : {}),
    ...(units !== undefined ? { units } : {}),
  };
}

/** Cast rows grouped by title in file order; titles without cast rows are left out, as the cast reader does. */
export function castList(members: readonly CastMember[]): CastList {
  const byTitle = new Map<string, CastMember[]>();
  for (const member of members) {
    const group = byTitle.get(member.titleId) ?? [];
    if (group.some((other) => other.performerId === member.performerId)) {
      throw new CaseError(`duplicate performer_id ${member.performerId} for title ${member.titleId}`);
    }
    group.push(member);
    byTitle.set(member.titleId, group);
  }
  return byTitle;
}

function buildCase(value: unknown, file: string, index: number): GoldenCase {
  let where = `${file} case ${index + 1}`;
  if (value === null || typeof value !== "object" || Array.isArray(value)) fail(where, "a case is a mapping");
  const raw = value as Record<string, unknown>;
  for (const key of Object.keys(raw)) if (!CASE_KEYS.includes(key)) fail(where, `unknown key "${key}"`);
  if (typeof raw.name !== "string" || raw.name === "") fail(where, "name is required");
  where = `${file} "${raw.name}"`;
  if (typeof raw.contract !== "string" || raw.contract === "") fail(where, "contract is required");

  const titles = new Map<string, Title>();
  list(raw.titles, `${where} titles`).forEach((cells, i) => {
    const at = `${where} titles[${i}]`;
    const title = buildTitle(record(cells, TITLE_KEYS, ["title_id", "kind", "produced_on"], at), at);
    if (titles.has(title.id)) fail(at, `duplicate title_id ${title.id}`);
    titles.set(title.id, title);
  });
  const usage = list(raw.usage, `${where} usage`).map((cells, i) => {
    const at = `${where} usage[${i}]`;
    return buildUsage(record(cells, USAGE_KEYS, ["title_id", "medium", "period_start", "period_end", "distributor_gross"], at), i + 1, titles, at);
  });
  if (usage.length === 0) fail(where, "a case needs usage rows");
  const cast =
    raw.cast === undefined
      ? undefined
      : castList(
          list(raw.cast, `${where} cast`).map((cells, i) => {
            const at = `${where} cast[${i}]`;
            return buildCastMember(record(cells, CAST_KEYS, ["title_id", "performer_id"], at), titles, at);
          }),
        );
  const serviceRecords = raw.services === undefined ? undefined : list(raw.services, `${where} services`).map((cells, i) => record(cells, SERVICE_KEYS, SERVICE_KEYS, `${where} services[${i}]`));
  const services = serviceRecords === undefined ? undefined : servicesOf(serviceRecords, `${where} services`);
  const expected = list(raw.expected, `${where} expected`).map((cells, i): ExpectedLine => {
    const at = `${where} expected[${i}]`;
    const line = record(cells, EXPECTED_KEYS, ["row", "status", "amount"], at);
    const row = Number(line.row);
    if (!Number.isInteger(row) || row < 1 || row > usage.length) fail(at, `row ${line.row} is not a usage row of the case`);
    if (!["payable", "zero", "incomplete", "not-modelled", "adjustment"].includes(line.status!)) fail(at, `unknown status ${line.status}`);
    if (line.amount !== "" && !/^-?\d+\.\d\d$/.test(line.amount!)) fail(at, `amount "${line.amount}" is not "" or d.dd`);
    return {
      row,
      status: line.status!,
      amount: line.amount!,
      performer: line.performer ?? "",
      ...(line.rule !== undefined ? { rule: line.rule } : {}),
      ...(line.rate !== undefined ? { rate: new Dec(line.rate).toFixed() } : {}),
      ...(line.base !== undefined ? { base: new Dec(line.base).toFixed() } : {}),
      ...(line.note !== undefined ? { note: line.note } : {}),
      ...(line.note_includes !== undefined ? { note_includes: line.note_includes } : {}),
    };
  });
  if (expected.length === 0) fail(where, "a case needs expected lines");
  const records = {
    titles: list(raw.titles, where) as Cells[],
    usage: list(raw.usage, where) as Cells[],
    ...(raw.cast !== undefined ? { cast: list(raw.cast, where) as Cells[] } : {}),
    ...(serviceRecords !== undefined ? { services: serviceRecords } : {}),
  };
  return { file, name: raw.name, contract: raw.contract, titles, usage, ...(cast ? { cast } : {}), ...(services ? { services } : {}), records, expected };
}

/** Subscriber counts per service, ascending by date, as the services reader gives them. */
function servicesOf(records: readonly Cells[], where: string): Services {
  const services = new Map<string, SubscriberCount[]>();
  for (const cells of records) {
    const counts = services.get(cells.service!) ?? [];
    counts.push({ asOf: required(cells, "as_of", parseDate, where), subscribers: BigInt(required(cells, "domestic_subscribers", parsePositiveCount, where)) });
    services.set(cells.service!, counts);
  }
  for (const counts of services.values()) counts.sort((a, b) => a.asOf - b.asOf);
  return services;
}

export function caseFiles(): string[] {
  return readdirSync(CASES_DIR)
    .filter((name) => name.endsWith(".yaml"))
    .sort();
}

export function loadCaseFile(name: string): GoldenCase[] {
  const data = parse(readFileSync(join(CASES_DIR, name), "utf8"), { schema: "failsafe", uniqueKeys: true }) as unknown;
  if (!Array.isArray(data)) fail(name, "a case file is a list of cases");
  return data.map((value, index) => buildCase(value, name, index));
}

/** An output line seen through the fields an expected line names. */
export function project(line: Line, expected: ExpectedLine | undefined): Record<string, unknown> {
  const seen: Record<string, unknown> = {
    row: line.usage.row,
    status: line.status,
    amount: line.amount === undefined ? "" : centsText(line.amount),
    performer: line.performerId ?? "",
  };
  if (expected?.rule !== undefined) seen.rule = line.rule;
  if (expected?.rate !== undefined) seen.rate = line.rate?.toFixed();
  if (expected?.base !== undefined) seen.base = baseOf(line)?.toFixed();
  if (expected?.note !== undefined) seen.note = line.note;
  if (expected?.note_includes !== undefined) {
    seen.note_includes = line.note.includes(expected.note_includes) ? expected.note_includes : `(not in note) ${line.note}`;
  }
  return seen;
}
