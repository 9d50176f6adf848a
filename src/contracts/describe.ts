import type { LoadedContract } from "./load.js";
import type { ContractFile, NullableRateTermFile, RuleFile } from "./schema.js";
import { Dec, formatMoney, formatPercent, formatPlain } from "../money/decimal.js";
import { MEDIUM_LABELS, type ContractStatus, type FixedBasis, type Kind, type Medium } from "../domain/vocabulary.js";
import type { ContractOrigins } from "./origins.js";

type Key = string | number;

interface Cited {
  readonly source: string;
  readonly confidence: string;
  readonly note?: string | undefined;
}

const STATUS_WORDS: Record<ContractStatus, string> = {
  ratified: "ratified (an agreement that was in force)",
  offer: "offer (proposed, never ratified as such)",
  scenario: "scenario (an analyst's illustration, not a published document)",
};

const BASIS_WORDS: Record<FixedBasis, string> = {
  tam: "a percentage of each performer's total applicable minimum (TAM)",
  residual_base: "a percentage of the program's residual base",
};

const KIND_WORDS: Record<Kind, string> = { tv: "TV", feature: "features", "new-media": "made-for-new-media programs" };

/**
 * `contracts show`: every term of a resolved contract in plain words, each with its source and
 * confidence, and where it comes from when the file extends another.
 */
export function describeContract(loaded: LoadedContract, origins: ContractOrigins, showPath: (path: string) => string): string {
  const file = loaded.file;
  const out: string[] = [];
  const headerLabel = (key: string) => inheritedLabel(origins, [key]);
  out.push(`${file.id}: ${file.title}${headerLabel("title")}`);
  out.push(`  status:      ${STATUS_WORDS[file.status]}${headerLabel("status")}`);
  out.push(`  guild:       ${file.guild.toUpperCase()}${headerLabel("guild")}`);
  out.push(`  term:        ${termText(file)}${headerLabel("term")}`);
  out.push(`  fixed basis: ${BASIS_WORDS[file.fixed_basis]}${headerLabel("fixed_basis")}`);
  if (file.extends) out.push(`  extends:     ${file.extends} (a sparse diff: the file states only what differs)`);
  if (file.reference) out.push(`  reference:   ${file.reference}${headerLabel("reference")}`);
  out.push(`  files:       ${loaded.chain.map(showPath).join(", ")}`);
  if (file.description) out.push("", ...wrap(file.description.trim(), 92));
  if (file.not_modelled?.length) {
    out.push("", `Not modelled${headerLabel("not_modelled")}:`, ...file.not_modelled.map((item) => `  - ${item}`));
  }
  const removals = origins.removals();
  if (removals.length > 0) {
    out.push("", "Removed from what it inherits:", ...removals.map((removal) => `  - ${removal.path} (by ${removal.by})`));
  }
  out.push("", "Rules, in the order they are checked (cutoffs first, then by priority):");
  const ids = [...loaded.contract.cutoffs.map((rule) => rule.id), ...loaded.contract.rules.map((rule) => rule.id)];
  for (const id of ids) out.push("", ...describeRule(id, file.rules[id]!, origins));
  return out.join("\n") + "\n";
}

function termText(file: ContractFile): string {
  return file.term.to ? `${file.term.from} .. ${file.term.to}` : `from ${file.term.from} (no end date)`;
}

function describeRule(id: string, rule: RuleFile, origins: ContractOrigins): string[] {
  const path = ["rules", id];
  const whole = origins.origin(path);
  // A rule taken over whole is labelled once; a changed one term by term.
  const termLabel = (sub: Key[]) => (whole.here ? inheritedLabel(origins, [...path, ...sub]) : "");
  const out = [`${id} — ${RULE_TYPE_WORDS[rule.type]}${inheritedLabel(origins, path)}`];
  out.push(`  applies to: ${appliesText(rule.applies_to)}${termLabel(["applies_to"])}`);
  if (rule.description) out.push(`  ${rule.description.trim()}${termLabel(["description"])}`);
  if (rule.priority !== undefined) out.push(`  priority ${rule.priority}: wins over rules of lower priority that apply to the same use`);
  switch (rule.type) {
    case "cutoff":
      out.push(`  produced before ${rule.produced_before}: no residual at all${termLabel(["produced_before"])}`, ...citation(rule));
      break;
    case "no-residual":
      out.push(`  nothing is due${termLabel(["type"])}`, ...citation(rule));
      break;
    case "revenue":
      if (rule.budget_threshold) out.push(...budgetText(rule.budget_threshold, termLabel(["budget_threshold"])));
      if (rule.rate) out.push(...rateText("rate", rule.rate, "of distributor's gross", termLabel(["rate"])));
      if (rule.tiers) {
        const byUnits = rule.tiers.counter === "units";
        out.push(`  tiers by the title's cumulative ${byUnits ? "units (downloads)" : "distributor's gross"}${termLabel(["tiers"])}`, ...citation(rule.tiers, 4));
        let lower: string | undefined;
        for (const band of rule.tiers.bands) {
          const show = (value: string) => (byUnits ? groupDigits(value) : `$${formatMoney(new Dec(value))}`);
          const range = band.up_to === undefined ? `over ${show(lower!)}` : lower === undefined ? `up to ${show(band.up_to)}` : `over ${show(lower)} up to ${show(band.up_to)}`;
          out.push(...rateText(range, band.rate, "of distributor's gross", "", 4));
          lower = band.up_to;
        }
      }
      break;
    case "zoned-streaming": {
      if (rule.budget_threshold) out.push(...budgetText(rule.budget_threshold, termLabel(["budget_threshold"])));
      const window = rule.window;
      out.push(`  window: ${window.days} days after first broadcast (${window.first_season_days} in a series' first season); nothing is paid in it${termLabel(["window"])}`, ...citation(window, 4));
      const periods = rule.fixed_periods;
      out.push(`  fixed periods: ${periods.count} of ${periods.days} days each after the window, each paid once${termLabel(["fixed_periods", "count"])}`, ...citation(periods, 4));
      out.push(...nullableRateText("fixed rate", periods.rate, termLabel(["fixed_periods", "rate"])));
      for (const [market, term] of Object.entries(periods.market_rates ?? {})) {
        if (term) out.push(...nullableRateText(`fixed rate for ${market}`, term, termLabel(["fixed_periods", "market_rates", market])));
      }
      out.push(...rateText("library (after the fixed periods)", rule.library.rate, "of distributor's gross", termLabel(["library"])));
      break;
    }
  }
  return out;
}

const RULE_TYPE_WORDS: Record<RuleFile["type"], string> = {
  cutoff: "cutoff by production date",
  "no-residual": "no residual",
  revenue: "a percentage of distributor's gross",
  "zoned-streaming": "ad-supported streaming by zones: window, fixed periods, then library",
};

function appliesText(applies: RuleFile["applies_to"]): string {
  const kinds = applies.kinds.map((kind) => KIND_WORDS[kind]).join(", ");
  const media = applies.media.map((medium: Medium) => MEDIUM_LABELS[medium]).join(", ");
  const markets = applies.markets ? ` (markets: ${applies.markets.join(", ")})` : "";
  return `${kinds} on ${media}${markets}`;
}

function rateText(label: string, term: NullableRateTermFile, of: string, origin: string, indent = 2): string[] {
  const pad = " ".repeat(indent);
  const value = (text: string | null) => (text === null ? "no fixed period: the library rate applies from the window's end" : `${formatPercent(new Dec(text))} ${of}`);
  const out = [`${pad}${label}: ${value(term.value)}${origin}`, ...citation(term, indent + 2)];
  for (const change of term.changes ?? []) {
    out.push(`${pad}  from ${change.from}: ${value(change.value)}`, ...citation(change, indent + 4));
  }
  return out;
}

function nullableRateText(label: string, term: NullableRateTermFile, origin: string): string[] {
  return rateText(label, term, "of the applicable minimum per period", origin);
}

function budgetText(threshold: NonNullable<Extract<RuleFile, { type: "revenue" }>["budget_threshold"]>, origin: string): string[] {
  const out = [`  covered only above a budget threshold; below it nothing is paid${origin}`];
  if (threshold.per_minute) {
    out.push(`    at least $${formatMoney(new Dec(threshold.per_minute.value))} per minute of runtime`, ...citation(threshold.per_minute, 6));
  }
  if (threshold.per_program) {
    const or = threshold.per_minute ? "or " : "";
    out.push(`    ${or}at least $${formatMoney(new Dec(threshold.per_program.value))} per program`, ...citation(threshold.per_program, 6));
  }
  return out;
}

function citation(term: Cited, indent = 4): string[] {
  const pad = " ".repeat(indent);
  const out = [`${pad}source: ${term.source} (${term.confidence})`];
  if (term.note) out.push(`${pad}note: ${term.note}`);
  return out;
}

function inheritedLabel(origins: ContractOrigins, path: Key[]): string {
  const origin = origins.origin(path);
  if (origin.inherited.length === 0) return "";
  const from = origin.inherited.join(", ");
  return origin.here ? `  [changed here; the rest from ${from}]` : `  [inherited from ${from}]`;
}

function groupDigits(text: string): string {
  return formatPlain(new Dec(text)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Folded YAML text re-wrapped for a terminal. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(/\s+/)) {
    if (current && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) lines.push(current);
  return lines;
}
