import type { ActorSide, Estimate, EstimateItem, EstimatePeriod, InForce } from "../../domain/estimate.js";
import type { Line } from "../../domain/lines.js";
import { formatDay } from "../../domain/days.js";
import type { Title, Usage } from "../../domain/inputs.js";
import { centsGrouped, centsOf, centsText } from "../../money/scaled.js";
import { plainText } from "../../money/prorate.js";
import { lineBase } from "./line-format.js";
import { formatCents, formatMoney, formatPercent, formatPlain, type Dec } from "../../money/decimal.js";
import type { Contract } from "../../domain/terms.js";
import { MEDIUM_LABELS, type Guild } from "../../domain/vocabulary.js";

export type EstimateFormat = "text" | "json";

/** How the contract of each period was chosen: named, or by date for a guild. */
export type ContractChoice =
  | { readonly by: "name"; readonly contract: Contract }
  | { readonly by: "date"; readonly guild: Guild; readonly inForce: ReadonlyMap<Usage, InForce> };

export interface EstimateReport {
  readonly title: Title;
  readonly side: ActorSide;
  /** The share as the user gave it, e.g. "0.25" or "3 of 12 units". */
  readonly shareText?: string;
  readonly choice: ContractChoice;
  readonly estimate: Estimate;
  readonly notes: readonly string[];
  /** An incomplete line's reason in the front end's words, and the flag that completes it where one does. */
  readonly needs: Needs;
}

export type Needs = (line: Line, contract: Contract) => { readonly text: string; readonly flag?: string };

export function renderEstimate(report: EstimateReport, format: EstimateFormat): string {
  return format === "json" ? JSON.stringify(estimateJson(report), null, 2) + "\n" : estimateText(report);
}

/** A short breakdown: the title, the actor, the contract(s), then each period's lines with their arithmetic. */
function estimateText(report: EstimateReport): string {
  const { estimate, choice } = report;
  const out = [`Title: ${titleText(report.title)}`, `You: ${sideText(report)}`];
  if (choice.by === "name") out.push(`Contract: ${contractText(choice.contract)}`);
  else out.push(`Contract: the ratified ${choice.guild.toUpperCase()} contract in force on each period's first day`);
  const amounts = estimate.periods.flatMap((period) => period.items.map((item) => (item.yours === undefined ? "—" : centsGrouped(item.yours))));
  const width = Math.max(...amounts.map((amount) => amount.length), 1);
  let index = 0;
  estimate.periods.forEach((period, number) => {
    out.push("", `Period ${number + 1}: ${periodText(period)}`);
    if (choice.by === "date") out.push(`  under ${inForceText(choice.inForce.get(period.usage)!)}`);
    for (const item of period.items) {
      out.push(`  ${amounts[index++]!.padStart(width)}  ${itemText(item, report, period.contract)}`);
    }
  });
  out.push("", ...totalLines(report));
  if (report.notes.length > 0) out.push("", ...report.notes.map((note) => `Note: ${note}`));
  return out.join("\n") + "\n";
}

/**
 * What the total is: with a share, the title's pool and the person's share of it; with none,
 * where percentages of gross (or bonuses) were counted whole, the total says it is the title's
 * pool, not the person's; otherwise it is theirs (fixed residuals on their TAM, say).
 */
function totalLines(report: EstimateReport): string[] {
  const { estimate } = report;
  const uncounted = [
    ...(estimate.incomplete > 0 ? [`${estimate.incomplete} incomplete line${estimate.incomplete > 1 ? "s" : ""}`] : []),
    ...(estimate.notModelled > 0 ? [`${estimate.notModelled} not-modelled line${estimate.notModelled > 1 ? "s" : ""}`] : []),
  ];
  const left = uncounted.length > 0 ? ` (${uncounted.join(" and ")} not counted)` : "";
  const tam = estimate.own === 0n ? [] : [`On your TAM: ${centsGrouped(estimate.own)}`];
  switch (totalIs(report)) {
    case "share":
      return [
        `Title pool: ${centsGrouped(estimate.pool)}`,
        `Your share: ${centsGrouped(estimate.total - estimate.own)} (${report.shareText} of the title pool)`,
        ...tam,
        `Your total: ${centsGrouped(estimate.total)}${left}`,
      ];
    case "title-pool": {
      const what = estimate.own === 0n ? "the title's whole pool" : "the title's whole pool and your TAM residuals";
      return [`Title pool: ${centsGrouped(estimate.pool)}`, "Your share: not given", ...tam, `Total: ${centsGrouped(estimate.total)}, ${what}, not your share${left}`];
    }
    case "yours":
      return [`Your total: ${centsGrouped(estimate.total)}${left}`];
  }
}

/** Whether the total is the person's share of the title's pool, the title's whole pool (no share given), or theirs alone. */
export function totalIs(report: Pick<EstimateReport, "side" | "estimate">): "share" | "title-pool" | "yours" {
  if (report.side.share !== undefined) return "share";
  return report.estimate.poolsCountedWhole ? "title-pool" : "yours";
}

function titleText(title: Title): string {
  const parts = [`${title.kind} produced ${formatDay(title.producedOn)}`];
  if (title.firstAiredOn !== undefined) parts.push(`first aired ${formatDay(title.firstAiredOn)}`);
  if (title.firstSeason) parts.push("first season");
  if (title.market) parts.push(title.market);
  if (title.runtimeMinutes !== undefined) parts.push(`${title.runtimeMinutes} minutes`);
  if (title.budget) parts.push(`budget ${formatMoney(title.budget)}`);
  if (title.residualBase) parts.push(`residual base ${formatMoney(title.residualBase)}`);
  return parts.join(", ");
}

function sideText(report: EstimateReport): string {
  const parts: string[] = [];
  if (report.side.tam) parts.push(`TAM ${formatMoney(report.side.tam)}`);
  parts.push(report.shareText ? `share of pooled amounts ${report.shareText}` : "no share given (pooled amounts counted whole)");
  return parts.join(", ");
}

function contractText(contract: Contract): string {
  const term = contract.term.to === undefined ? `from ${formatDay(contract.term.from)}` : `${formatDay(contract.term.from)} .. ${formatDay(contract.term.to)}`;
  return `${contract.id} (${contract.status}, ${term}): ${contract.title}`;
}

function inForceText(inForce: InForce): string {
  const contract = inForce.contract;
  if (inForce.pastLibrary) return `${contract.id} (its term ended ${formatDay(contract.term.to!)}; the last of this library: later agreements are not in it)`;
  if (inForce.pastItsTerm) return `${contract.id} (its term ended ${formatDay(contract.term.to!)}; in force until a successor starts)`;
  const term = contract.term.to === undefined ? `from ${formatDay(contract.term.from)}` : `${formatDay(contract.term.from)} .. ${formatDay(contract.term.to)}`;
  return `${contract.id} (in force ${term})`;
}

function periodText(period: EstimatePeriod): string {
  const usage = period.usage;
  const units = usage.units === undefined ? "" : `, ${usage.units} units`;
  const gross = period.grossMissing ? "distributor's gross not given" : `distributor's gross ${centsGrouped(centsOf(usage.gross))}`;
  return `${MEDIUM_LABELS[usage.medium]} ${formatDay(usage.start)} .. ${formatDay(usage.end)}, ${gross}${units}`;
}

/** The line's arithmetic in the actor's words: "your TAM", "pool", "your share" (the page shows it too). */
export function itemText(item: EstimateItem, report: Pick<EstimateReport, "needs" | "shareText">, contract: Contract): string {
  const line = item.line;
  if (line.status === "not-modelled") return line.note;
  if (line.status === "incomplete" || item.yours === undefined) return `incomplete: ${report.needs(line, contract).text}`;
  if (line.rate === undefined) {
    if (item.kind !== "pool") return `nothing due: ${line.note}`;
    const share = report.shareText ? ` (the title's pool) × your share ${report.shareText}` : "";
    return `fixed amount ${centsGrouped(item.pool!)}${share} (${line.note})`;
  }
  const rate = formatPercent(line.rate);
  if (item.kind === "own") return `${rate} × your TAM ${formatMoney(line.applicableMinimum!)} (${line.note})`;
  let arithmetic: string;
  if (line.basis === "applicable_minimum") arithmetic = `${rate} × residual base ${formatMoney(line.applicableMinimum!)}`;
  else {
    arithmetic = `${rate} × distributor's gross ${centsGrouped(centsOf(line.gross!))}`;
    if (line.part) arithmetic += ` × ${line.part.count} ÷ ${line.part.of} ${line.part.unit}`;
  }
  const pool = item.pool!;
  const share = report.shareText ? ` = pool ${centsGrouped(pool)} × your share ${report.shareText}` : "";
  return `${arithmetic}${share} (${line.note})`;
}

function estimateJson(report: EstimateReport) {
  const { estimate, choice } = report;
  const money = (value: Dec | undefined) => (value === undefined ? null : formatCents(value));
  const cents = (value: bigint | undefined) => (value === undefined ? null : centsText(value));
  const day = (value: number | undefined) => (value === undefined ? null : formatDay(value));
  const title = report.title;
  return {
    title: {
      kind: title.kind,
      produced_on: day(title.producedOn),
      first_aired_on: day(title.firstAiredOn),
      runtime_minutes: title.runtimeMinutes ?? null,
      first_season: title.firstSeason,
      market: title.market ?? null,
      budget: money(title.budget),
      residual_base: money(title.residualBase),
    },
    you: { tam: money(report.side.tam), share: report.shareText ?? null },
    contract_chosen_by: choice.by === "name" ? "name" : `date (${choice.guild}, ratified, in force on each period's first day)`,
    periods: estimate.periods.map((period) => {
      const inForce = choice.by === "date" ? choice.inForce.get(period.usage) : undefined;
      return {
        medium: period.usage.medium,
        period_start: formatDay(period.usage.start),
        period_end: formatDay(period.usage.end),
        distributor_gross: period.grossMissing ? null : centsText(centsOf(period.usage.gross)),
        units: period.usage.units ?? null,
        contract: period.contract.id,
        ...(inForce ? { contract_past_its_term: inForce.pastItsTerm, contract_past_library: inForce.pastLibrary } : {}),
        lines: period.items.map((item) => {
          const base = lineBase(item.line);
          const needs = item.line.status === "incomplete" ? report.needs(item.line, period.contract) : undefined;
          return {
            rule: item.line.rule,
            status: item.line.status,
            kind: item.kind,
            rate: item.line.rate === undefined ? null : formatPlain(item.line.rate, 12),
            base: base === undefined ? null : plainText(base),
            pool: cents(item.pool),
            yours: cents(item.yours),
            // An incomplete line's note names the flag that completes it, as the text does.
            note: needs?.text ?? item.line.note,
            explanation: itemText(item, report, period.contract),
            give: needs?.flag ?? null,
          };
        }),
      };
    }),
    total: centsText(estimate.total),
    total_is: totalIs(report),
    title_pool: centsText(estimate.pool),
    your_share: report.side.share === undefined ? null : centsText(estimate.total - estimate.own),
    on_your_tam: centsText(estimate.own),
    incomplete_lines: estimate.incomplete,
    not_modelled_lines: estimate.notModelled,
    notes: report.notes,
  };
}
