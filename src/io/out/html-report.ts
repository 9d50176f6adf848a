import { centsGrouped, centsText } from "../../money/scaled.js";
import { escapeHtml } from "./html-text.js";
import { barChart, type ChartSeries } from "./svg-chart.js";

/** A contract as the report presents it: what it is, where its terms come from, how sure they are. */
export interface ReportContract {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  readonly guild: string;
  readonly files: readonly string[];
  readonly reference?: string;
  /** Terms cited with each confidence. */
  readonly verified: number;
  /** The uncertain terms: where in the file, and their source. */
  readonly uncertain: readonly { readonly term: string; readonly source: string }[];
  /** What the contract declares it does not model (terms not public). */
  readonly notModelled: readonly string[];
}

/** One contract's figures in a group (or overall), as compare's CSV gives them. */
export interface ReportCell {
  readonly cents: bigint;
  /** Against the baseline; undefined for the baseline. */
  readonly difference?: bigint;
  /** Hundredths of a percent of the baseline; undefined for the baseline and where it is 0. */
  readonly percent?: bigint;
  readonly lines: number;
  readonly payable: number;
  readonly zero: number;
  readonly incomplete: number;
  readonly notModelled: number;
}

export interface ReportRow {
  readonly key: string;
  readonly name?: string;
  readonly cells: readonly ReportCell[];
  /** The deciding rules' text, as the CSV's deciding_rules column has it. */
  readonly decidingRules: string;
}

export interface ReportRuleCost {
  /** The contract compared with the baseline. */
  readonly contract: string;
  /** The deciding rules, each "contract: kind rule". */
  readonly rules: readonly string[];
  readonly cents: bigint;
  readonly rows: number;
}

/** Everything the report shows: computed by compare, only laid out here. */
export interface ComparisonReport {
  readonly contracts: readonly ReportContract[];
  readonly inputs: { readonly titles: string; readonly usage: string; readonly cast?: string };
  readonly total: readonly ReportCell[];
  readonly byYear: readonly ReportRow[];
  readonly byMedium: readonly ReportRow[];
  /** The titles that differ most from the baseline, largest first. */
  readonly topTitles: readonly ReportRow[];
  readonly ruleCosts: readonly ReportRuleCost[];
}

/**
 * compare's report as one HTML file: inline CSS and SVG, no script, no font or image from
 * anywhere else, laid out to print. Every text from the input files or contracts is escaped.
 */
export function renderHtmlReport(report: ComparisonReport): string {
  const ids = report.contracts.map((contract) => contract.id);
  const baseline = ids[0]!;
  const parts: string[] = [];
  parts.push(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(`Residuals: ${ids.join(" vs ")}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(ids.slice(1).join(", "))} against ${escapeHtml(baseline)}</h1>
<p class="inputs">Titles <code>${escapeHtml(report.inputs.titles)}</code>, usage <code>${escapeHtml(report.inputs.usage)}</code>${report.inputs.cast ? `, cast <code>${escapeHtml(report.inputs.cast)}</code>` : ""}. Amounts in dollars; differences are against the baseline, <strong>${escapeHtml(baseline)}</strong>.</p>
</header>
<main>`);
  parts.push(contractsSection(report));
  parts.push(totalsSection(report, ids));
  parts.push(chartSection("by-year", "Totals by year", "Year (of period_start)", report.byYear, ids));
  parts.push(chartSection("by-medium", "Totals by medium", "Medium", report.byMedium, ids));
  parts.push(titlesSection(report, ids));
  parts.push(ruleCostsSection(report, ids));
  parts.push(`</main>
</body>
</html>
`);
  return parts.join("\n");
}

function contractsSection(report: ComparisonReport): string {
  const rows = report.contracts.map((contract, index) => {
    const uncertain = contract.uncertain.length;
    const confidence = `${contract.verified} verified, ${uncertain} uncertain`;
    const details: string[] = [];
    if (uncertain > 0) details.push(`<p class="note">Uncertain:</p><ul class="terms">${contract.uncertain.map((term) => `<li><code>${escapeHtml(term.term)}</code>: ${escapeHtml(term.source)}</li>`).join("")}</ul>`);
    if (contract.notModelled.length > 0) details.push(`<p class="note">Not modelled:</p><ul class="terms">${contract.notModelled.map((item) => `<li>${escapeHtml(item)}</li>`).join("")}</ul>`);
    return `<tr><th scope="row"><span class="swatch s${index % SWATCHES}" aria-hidden="true"></span>${escapeHtml(contract.id)}${index === 0 ? " <em>(baseline)</em>" : ""}</th><td>${escapeHtml(contract.title)}</td><td>${escapeHtml(contract.status)}</td><td>${escapeHtml(contract.guild.toUpperCase())}</td><td>${confidence}${details.join("")}</td><td>${contract.files.map((file) => `<code>${escapeHtml(file)}</code>`).join("<br>")}${contract.reference ? `<br>${escapeHtml(contract.reference)}` : ""}</td></tr>`;
  });
  return `<section aria-labelledby="contracts-h"><h2 id="contracts-h">Contracts</h2>
<table class="contracts"><thead><tr><th scope="col">Contract</th><th scope="col">Title</th><th scope="col">Status</th><th scope="col">Guild</th><th scope="col">Terms' confidence</th><th scope="col">Sources</th></tr></thead>
<tbody>${rows.join("\n")}</tbody></table></section>`;
}

function totalsSection(report: ComparisonReport, ids: readonly string[]): string {
  const rows = report.total.map((cell, index) => {
    const notModelled = report.contracts[index]!.notModelled.length;
    return `<tr id="total-${index}"><th scope="row">${escapeHtml(ids[index]!)}</th>${moneyCell(cell.cents, "total")}${differenceCells(cell)}<td class="n">${cell.lines}</td><td class="n">${cell.payable}</td><td class="n">${cell.zero}</td><td class="n" data-incomplete>${cell.incomplete}</td><td class="n" data-not-modelled>${cell.notModelled}</td><td class="n">${notModelled}</td></tr>`;
  });
  return `<section aria-labelledby="totals-h"><h2 id="totals-h">Totals per contract</h2>
<table class="totals"><thead><tr><th scope="col">Contract</th><th scope="col">Total</th><th scope="col">Difference</th><th scope="col">Difference %</th><th scope="col">Lines</th><th scope="col">Payable</th><th scope="col">Zero</th><th scope="col">Incomplete</th><th scope="col">Not modelled</th><th scope="col">Terms not modelled</th></tr></thead>
<tbody>${rows.join("\n")}</tbody></table>
<p class="note">Incomplete lines lack data to compute an amount; not-modelled lines are uses the real contract pays for on terms that are not public (neither counts in the totals); terms not modelled are those the contract file declares unpublished.</p></section>`;
}

function chartSection(id: string, heading: string, keyLabel: string, rows: readonly ReportRow[], ids: readonly string[]): string {
  const series: ChartSeries[] = ids.map((contract, index) => ({ name: contract, values: rows.map((row) => row.cells[index]!.cents) }));
  const chart = barChart({ id: `${id}-chart`, title: heading, categories: rows.map((row) => row.key), series, describedBy: `${id}-table`, swatches: SWATCHES });
  const head = `<tr><th scope="col">${escapeHtml(keyLabel)}</th>${ids.map((contract) => `<th scope="col">${escapeHtml(contract)}</th>`).join("")}</tr>`;
  const body = rows.map((row) => `<tr><th scope="row">${escapeHtml(row.key)}</th>${row.cells.map((cell) => moneyCell(cell.cents)).join("")}</tr>`);
  return `<section aria-labelledby="${id}-h"><h2 id="${id}-h">${escapeHtml(heading)}</h2>
<figure>${chart}
<figcaption>${escapeHtml(heading)}, per contract. The same figures as a table:</figcaption>
<table id="${id}-table" class="alternative"><caption>${escapeHtml(heading)} (dollars)</caption><thead>${head}</thead><tbody>${body.join("\n")}</tbody></table>
</figure></section>`;
}

function titlesSection(report: ComparisonReport, ids: readonly string[]): string {
  const others = ids.slice(1);
  const head = `<tr><th scope="col">Title id</th><th scope="col">Title</th><th scope="col">${escapeHtml(ids[0]!)}</th>${others.map((contract) => `<th scope="col">${escapeHtml(contract)}</th><th scope="col">Difference</th><th scope="col">%</th>`).join("")}<th scope="col">Deciding rules</th></tr>`;
  const body = report.topTitles.map(
    (row) =>
      `<tr><th scope="row"><code>${escapeHtml(row.key)}</code></th><td>${escapeHtml(row.name ?? "")}</td>${row.cells.map((cell) => moneyCell(cell.cents) + (cell.difference === undefined ? "" : differenceCells(cell))).join("")}<td>${escapeHtml(row.decidingRules)}</td></tr>`,
  );
  return `<section aria-labelledby="titles-h"><h2 id="titles-h">Titles that differ most from the baseline</h2>
<p class="note">The ${report.topTitles.length} titles whose amount under some contract is furthest from ${escapeHtml(ids[0]!)}'s, largest first.</p>
<table class="titles"><thead>${head}</thead><tbody>${body.join("\n")}</tbody></table></section>`;
}

function ruleCostsSection(report: ComparisonReport, ids: readonly string[]): string {
  const blocks = ids.slice(1).map((contract, offset) => {
    const costs = report.ruleCosts.filter((cost) => cost.contract === contract);
    const difference = report.total[offset + 1]!.difference!;
    const byRules = costs.reduce((sum, cost) => sum + cost.cents, 0n);
    const rows = costs.map((cost) => `<tr><td>${cost.rules.map(escapeHtml).join("<br>")}</td><td class="n">${cost.rows}</td>${moneyCell(cost.cents, "signed")}</tr>`);
    rows.push(`<tr><td>rates and bases (no rule excluded either side)</td><td></td>${moneyCell(difference - byRules, "signed")}</tr>`);
    return `<table class="costs"><caption>${escapeHtml(contract)} against ${escapeHtml(ids[0]!)}: ${signedMoney(difference)}</caption>
<thead><tr><th scope="col">Deciding rules</th><th scope="col">Usage rows</th><th scope="col">Difference</th></tr></thead><tbody>${rows.join("\n")}</tbody></table>`;
  });
  return `<section aria-labelledby="rules-h"><h2 id="rules-h">What the deciding rules cost</h2>
<p class="note">Rows where a rule (a cutoff, a budget threshold, no residual, no rule for the medium) excluded the use under one contract and not the other, and what those rows' amounts differ by. The rest of each difference comes from rates and bases.</p>
${blocks.join("\n")}</section>`;
}

function moneyCell(cents: bigint, kind?: "total" | "signed"): string {
  const text = kind === "signed" ? signedMoney(cents) : centsGrouped(cents);
  return `<td class="n"${kind === "total" ? ` data-cents="${centsText(cents)}"` : ""}>${text}</td>`;
}

function differenceCells(cell: ReportCell): string {
  if (cell.difference === undefined) return `<td></td><td></td>`;
  return `${moneyCell(cell.difference, "signed")}<td class="n">${cell.percent === undefined ? "" : `${cell.percent > 0n ? "+" : ""}${centsText(cell.percent)}%`}</td>`;
}

function signedMoney(cents: bigint): string {
  return `${cents > 0n ? "+" : ""}${centsGrouped(cents)}`;
}

/** Colours of the contracts' series, told apart in print too (see STYLE). */
const SWATCHES = 6;

const STYLE = `
:root { color-scheme: light; --s0: #1f5fa8; --s1: #c2571a; --s2: #2e8540; --s3: #7a3fa0; --s4: #a8881f; --s5: #555; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b; margin: 0 auto; padding: 1.5rem; max-width: 72rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; } h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #ccc; }
code { font: 12px/1.3 ui-monospace, Menlo, Consolas, monospace; }
table { border-collapse: collapse; margin: .5rem 0 1rem; width: 100%; }
th, td { padding: .2rem .5rem; border-bottom: 1px solid #e3e3e3; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #999; font-weight: 600; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.note { color: #555; font-size: .9em; }
figure { margin: 0; } figcaption { color: #555; font-size: .9em; }
svg { max-width: 100%; height: auto; }
.swatch { display: inline-block; width: .8em; height: .8em; margin-right: .35em; vertical-align: -.05em; }
.s0 { fill: var(--s0); background: var(--s0); } .s1 { fill: var(--s1); background: var(--s1); } .s2 { fill: var(--s2); background: var(--s2); }
.s3 { fill: var(--s3); background: var(--s3); } .s4 { fill: var(--s4); background: var(--s4); } .s5 { fill: var(--s5); background: var(--s5); }
svg text { font: 11px system-ui, sans-serif; fill: #333; } svg .axis { stroke: #888; } svg .grid { stroke: #e3e3e3; }
ul.terms { margin: 0; padding-left: 1.1rem; font-size: .85em; color: #444; } .contracts p.note { margin: .3rem 0 0; }
@media print {
  body { padding: 0; max-width: none; font-size: 10pt; }
  section { break-inside: avoid-page; } table.titles { break-inside: auto; } tr { break-inside: avoid; }
  .swatch, svg rect { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`;
