import { groupThousands } from "../../src/money/grouping.js";
import { fieldReason, incompleteReason, type EstimateNote, type EstimateResult, type FieldName } from "../../src/pipeline/estimate-request.js";
import type { EstimateItem, EstimatePeriod } from "../../src/domain/estimate.js";
import { centsGrouped, centsOf } from "../../src/money/scaled.js";
import { formatDay } from "../../src/domain/days.js";
import { baseOf } from "../../src/domain/lines.js";
import { termsOfLine } from "../../src/engine/line-terms.js";
import { formatMoney, formatPercent, formatPlain } from "../../src/money/decimal.js";
import type { Citation, Contract } from "../../src/domain/terms.js";
import { MEDIUM_LABELS } from "../../src/domain/vocabulary.js";
import { itemText, totalIs, type Needs } from "../../src/io/out/estimate-format.js";

/** What the page says where the command line names a flag. */
export type Hint = (field: FieldName) => string;

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => escapes[char]!);
}

export function dollars(cents: bigint): string {
  return cents < 0n ? `−$${centsGrouped(-cents)}` : `$${centsGrouped(cents)}`;
}

function signed(cents: bigint): string {
  return cents > 0n ? `+${dollars(cents)}` : cents === 0n ? dollars(0n) : dollars(cents);
}

/**
 * What the total is, as the headline and the live status say it: what the person is owed (their
 * own amounts, or their share of the pool), or, with no share given, the title's whole pool.
 */
export function headline(result: EstimateResult): string {
  return totalIs(result) === "title-pool" ? "The title's whole pool, not your share" : "You are owed";
}

/** The answer in one sentence, for the live status: what the total is, and the compared contract's. */
export function answerStatus(first: EstimateResult, second?: EstimateResult): string {
  const wholePool = [first, second].some((result) => result !== undefined && totalIs(result) === "title-pool");
  const totals = `${dollars(first.estimate.total)}${second ? `, or ${dollars(second.estimate.total)} under the contract compared` : ""}`;
  return wholePool ? `The title's whole pool is ${totals}, not your share.` : `You are owed ${totals}.`;
}

/** The total's parts: the title's pool and the person's share of it (or that no share was given), and what is theirs on their TAM. */
function splitHtml(result: EstimateResult, id: string): string {
  const { estimate } = result;
  const is = totalIs(result);
  if (is === "yours") return "";
  const share =
    is === "share"
      ? `<output id="your-share${id}">${dollars(estimate.total - estimate.own)}</output> (${escape(result.shareText!)} of the pool)`
      : "not given";
  const tam = estimate.own === 0n ? "" : `<span>On your TAM: ${dollars(estimate.own)}</span>`;
  return `<p class="split"><span>Title pool: <output id="title-pool${id}">${dollars(estimate.pool)}</output></span> <span>Your share: ${share}</span> ${tam}</p>`;
}

/** One estimate: the total first, then each period under its contract, line by line. */
export function answerHtml(result: EstimateResult, hint: Hint, id = ""): string {
  const { estimate } = result;
  const incomplete = estimate.incomplete;
  const caveat = incomplete > 0 ? `${incomplete} incomplete line${incomplete > 1 ? "s" : ""} not counted` : "";
  return `
    <div class="total">
      <span class="total-label" id="total-label${id}">${escape(headline(result))}</span>
      <output class="total-amount" id="total${id}">${dollars(estimate.total)}</output>
      <span class="total-caveat">${escape(caveat)}</span>
    </div>
    ${splitHtml(result, id)}
    ${notesHtml(result.notes)}
    <ol class="result-periods">${estimate.periods.map((period, index) => periodHtml(result, period, index, hint)).join("")}</ol>`;
}

/** Two estimates side by side, the difference first. */
export function comparisonHtml(first: EstimateResult, second: EstimateResult, hint: Hint): string {
  const difference = second.estimate.total - first.estimate.total;
  const name = (result: EstimateResult) => escape(chosenName(result));
  const periods = first.estimate.periods.map((period, index) => {
    const other = second.estimate.periods[index]!;
    const a = periodTotal(period);
    const b = periodTotal(other);
    return `<tr><th scope="row">Period ${index + 1}</th><td>${dollars(a)}</td><td>${dollars(b)}</td><td>${signed(b - a)}</td></tr>`;
  });
  return `
    <div class="difference">
      <table>
        <caption>${name(second)} against ${name(first)}</caption>
        <thead><tr><th scope="col"></th><th scope="col">${name(first)}</th><th scope="col">${name(second)}</th><th scope="col">Difference</th></tr></thead>
        <tbody>${periods.join("")}</tbody>
        <tfoot><tr><th scope="row">Total</th><td>${dollars(first.estimate.total)}</td><td>${dollars(second.estimate.total)}</td><td><output id="difference">${signed(difference)}</output></td></tr></tfoot>
      </table>
    </div>
    <div class="sides">
      <section class="side" aria-label="${name(first)}"><h3>${name(first)}</h3>${answerHtml(first, hint, "-a")}</section>
      <section class="side" aria-label="${name(second)}"><h3>${name(second)}</h3>${answerHtml(second, hint, "-b")}</section>
    </div>`;
}

function chosenName(result: EstimateResult): string {
  return result.choice.by === "name" ? result.choice.contract.id : `${result.choice.guild.toUpperCase()} in force`;
}

/** What a period pays the person; incomplete lines count for nothing. */
function periodTotal(period: EstimatePeriod): bigint {
  return period.items.reduce((sum, item) => sum + (item.yours ?? 0n), 0n);
}

function periodHtml(result: EstimateResult, period: EstimatePeriod, index: number, hint: Hint): string {
  const usage = period.usage;
  const units = usage.units === undefined ? "" : `, ${groupThousands(String(usage.units))} units`;
  const gross = period.grossMissing ? ", distributor's gross not given" : `, distributor's gross ${dollars(centsOf(usage.gross))}`;
  const inForce = result.choice.by === "date" ? result.choice.inForce.get(usage) : undefined;
  const uncertain = uncertainTerms(period);
  const contract = period.contract;
  const confidence =
    uncertain.length === 0
      ? `<p class="confidence">Terms used: all verified from published sources.</p>`
      : `<div class="warning" role="note"><strong>Uncertain:</strong> this figure rests on ${uncertain.length === 1 ? "a term" : "terms"} not fully confirmed by public sources.<ul>${uncertain
          .map((term) => `<li>${escape(term.source)}${term.note ? ` (${escape(term.note)})` : ""}</li>`)
          .join("")}</ul></div>`;
  return `
    <li class="result-period">
      <h3>Period ${index + 1}: ${escape(MEDIUM_LABELS[usage.medium])}, ${formatDay(usage.start)} to ${formatDay(usage.end)}${escape(gross + units)}</h3>
      <p class="contract">Under <strong>${escape(contract.id)}</strong>: ${escape(contract.title)} (${statusText(contract)}${inForce?.pastItsTerm ? `; its term ended ${formatDay(contract.term.to!)}, in force until a successor starts` : ""}).</p>
      ${confidence}
      <ul class="lines">${period.items.map((item) => lineHtml(result, item, contract, hint)).join("")}</ul>
    </li>`;
}

function statusText(contract: Contract): string {
  switch (contract.status) {
    case "ratified":
      return "ratified";
    case "offer":
      return "an offer, never ratified";
    default:
      return "a what-if scenario";
  }
}

function lineHtml(result: EstimateResult, item: EstimateItem, contract: Contract, hint: Hint): string {
  const line = item.line;
  const counted = item.yours !== undefined && (line.status === "payable" || line.status === "zero");
  const amount = counted ? dollars(item.yours!) : `<span class="status">${escape(line.status)}</span>`;
  const base = baseOf(line);
  const figures =
    line.rate === undefined || !counted
      ? ""
      : `<p class="figures"><span>Rate ${formatPercent(line.rate)}</span> <span>Base $${base!.decimalPlaces() > 2 ? formatPlain(base!, 6) : formatMoney(base!)}</span></p>`;
  // A line with no rate is its note (the zone or the reason) and nothing more.
  const needs = pageNeeds(result, hint);
  const explanation = counted && line.rate === undefined ? "Nothing due." : itemText(item, { shareText: result.shareText, needs }, contract);
  // An incomplete line's note names the data missing as the files do: here, by the field's label.
  const zone = line.status === "incomplete" ? needs(line, contract).text : line.note;
  return `
    <li class="line ${escape(line.status)}">
      <div class="line-head"><span class="zone">${escape(zone)}</span><span class="line-amount">${amount}</span></div>
      ${figures}
      <p class="explanation">${escape(explanation)}</p>
    </li>`;
}

/** An incomplete line's reason naming the field that completes it by its label. */
function pageNeeds(result: EstimateResult, hint: Hint): Needs {
  return (line, contract) => {
    const needed = incompleteReason(line, contract, result.rowsFrom);
    return { text: fieldReason(needed, hint), ...(needed.field !== undefined ? { flag: hint(needed.field) } : {}) };
  };
}

function uncertainTerms(period: EstimatePeriod): Citation[] {
  const terms = new Set<Citation>();
  for (const item of period.items) for (const term of termsOfLine(item.line, period.contract)) if (term.confidence === "uncertain") terms.add(term);
  return [...terms];
}

function notesHtml(notes: readonly EstimateNote[]): string {
  if (notes.length === 0) return "";
  return `<ul class="notes">${notes.map((note) => `<li>${escape(noteText(note))}</li>`).join("")}</ul>`;
}

function noteText(note: EstimateNote): string {
  switch (note.kind) {
    case "pools-counted-whole":
      return "No share given: percentages of the distributor's gross are the whole cast's pool, counted whole here. Give your share of the pool for your part.";
    case "tam-not-used":
      return `Your TAM is not used under ${note.contract.id}: its fixed residuals are a percentage of the program's residual base.`;
    case "contracts-count-apart":
      return "Each contract counts fixed periods and download tiers over its own periods only.";
  }
}
