import { centsGrouped } from "../../money/scaled.js";
import { escapeHtml } from "./html-text.js";

export interface ChartSeries {
  readonly name: string;
  /** One amount per category, in cents. */
  readonly values: readonly bigint[];
}

export interface BarChart {
  readonly id: string;
  /** The chart's accessible name. */
  readonly title: string;
  readonly categories: readonly string[];
  readonly series: readonly ChartSeries[];
  /** The element (a table) that gives the chart's figures as text. */
  readonly describedBy: string;
  /** Series take the colour classes s0, s1 … in turn, this many. */
  readonly swatches: number;
}

const HEIGHT = 280;
const TOP = 34;
const LEFT = 64;
const RIGHT = 12;
const BAR = 14;
const GAP = 14;

/**
 * Grouped bars as inline SVG: one group per category, one bar per series, a zero line and a
 * few gridlines. Amounts are scaled to pixels as numbers (geometry, never a figure shown: each
 * bar's tooltip and the table beside the chart give the exact amounts).
 */
export function barChart(chart: BarChart): string {
  const { categories, series } = chart;
  const rotate = categories.some((category) => category.length * 6.5 > series.length * BAR + GAP);
  const bottom = rotate ? 24 + Math.min(140, Math.max(0, ...categories.map((category) => category.length)) * 5.2) : 28;
  const groupWidth = series.length * BAR + GAP;
  // Slanted labels reach left of their group: the first one's room comes before the plot.
  const longest = Math.min(26, Math.max(0, ...categories.map((category) => category.length)));
  const start = rotate ? Math.max(LEFT, longest * 6.4 * 0.82 - groupWidth / 2 + 6) : LEFT;
  const legend = series.map((one) => 24 + Math.min(22, one.name.length) * 6.4);
  const width = Math.max(480, start + RIGHT + categories.length * groupWidth, LEFT + legend.reduce((sum, one) => sum + one, 0));
  const height = HEIGHT + bottom;
  const values = series.flatMap((one) => one.values.map((cents) => Number(cents) / 100));
  const { low, high, step } = scale(Math.min(0, ...values), Math.max(0, ...values));
  const plot = HEIGHT - TOP;
  const y = (dollars: number) => TOP + ((high - dollars) / (high - low || 1)) * plot;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" id="${chart.id}" role="img" aria-labelledby="${chart.id}-title" aria-describedby="${chart.describedBy}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">`);
  out.push(`<title id="${chart.id}-title">${escapeHtml(chart.title)}</title>`);
  for (let tick = low; tick <= high + step / 2; tick += step) {
    const at = y(tick).toFixed(1);
    out.push(`<line class="${Math.abs(tick) < step / 2 ? "axis" : "grid"}" x1="${start}" x2="${width - RIGHT}" y1="${at}" y2="${at}"/>`);
    out.push(`<text x="${start - 6}" y="${at}" text-anchor="end" dominant-baseline="middle">${tickLabel(tick)}</text>`);
  }
  series.forEach((one, index) => {
    const x = LEFT + legend.slice(0, index).reduce((sum, width) => sum + width, 0);
    out.push(`<rect class="s${index % chart.swatches}" x="${x}" y="8" width="10" height="10"/><text x="${x + 14}" y="17">${escapeHtml(truncate(one.name, 22))}</text>`);
  });
  categories.forEach((category, group) => {
    const left = start + group * groupWidth + GAP / 2;
    series.forEach((one, index) => {
      const cents = one.values[group]!;
      const dollars = Number(cents) / 100;
      const top = y(Math.max(0, dollars));
      const size = Math.max(Math.abs(y(dollars) - y(0)), cents === 0n ? 0 : 0.5);
      out.push(
        `<rect class="s${index % chart.swatches}" x="${left + index * BAR}" y="${top.toFixed(1)}" width="${BAR - 2}" height="${size.toFixed(1)}"><title>${escapeHtml(`${one.name}, ${category}: ${centsGrouped(cents)}`)}</title></rect>`,
      );
    });
    const middle = left + (series.length * BAR) / 2;
    const label = escapeHtml(truncate(category, 26));
    out.push(
      rotate
        ? `<text x="${middle.toFixed(1)}" y="${HEIGHT + 12}" text-anchor="end" transform="rotate(-35 ${middle.toFixed(1)} ${HEIGHT + 12})">${label}</text>`
        : `<text x="${middle.toFixed(1)}" y="${HEIGHT + 16}" text-anchor="middle">${label}</text>`,
    );
  });
  out.push(`</svg>`);
  return out.join("");
}

/** Bounds and a round step (1, 2 or 5 times a power of ten) for four or five gridlines. */
function scale(min: number, max: number): { low: number; high: number; step: number } {
  const span = max - min || 1;
  const rough = span / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough)!;
  return { low: Math.floor(min / step) * step, high: Math.ceil(max / step) * step, step };
}

/** An axis label: dollars in k or M (the exact figures are in the table). */
function tickLabel(dollars: number): string {
  const size = Math.abs(dollars);
  const sign = dollars < 0 ? "-" : "";
  if (size >= 1e9) return `${sign}${trim(size / 1e9)}B`;
  if (size >= 1e6) return `${sign}${trim(size / 1e6)}M`;
  if (size >= 1e3) return `${sign}${trim(size / 1e3)}k`;
  return `${sign}${trim(size)}`;
}

function trim(value: number): string {
  return String(Number(value.toFixed(2)));
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
