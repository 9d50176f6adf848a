import type { LoadedContract } from "./load.js";
import type { ContractFile, RuleFile } from "./schema.js";
import { kindOf } from "../rule-kinds/registry.js";
import { citationLines, dollars } from "../rule-kinds/terms-describe.js";
import type { BudgetThresholdFile } from "../rule-kinds/terms-schema.js";
import { MEDIUM_LABELS, type ContractStatus, type FixedBasis, type Kind, type Medium } from "../domain/vocabulary.js";
import type { ContractOrigins } from "./origins.js";

type Key = string | number;

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
  const termLabel = (sub: readonly Key[]) => (whole.here ? inheritedLabel(origins, [...path, ...sub]) : "");
  const kind = kindOf(rule.type);
  const out = [`${id} — ${kind.title}${inheritedLabel(origins, path)}`];
  out.push(`  applies to: ${appliesText(rule.applies_to)}${termLabel(["applies_to"])}`);
  if (rule.description) out.push(`  ${rule.description.trim()}${termLabel(["description"])}`);
  if (rule.priority !== undefined) out.push(`  priority ${rule.priority}: wins over rules of lower priority that apply to the same use`);
  if (rule.adds_to_others) out.push(`  adds to the other rules that apply: its lines come beside theirs${termLabel(["adds_to_others"])}`);
  if (rule.budget_threshold) out.push(...budgetText(rule.budget_threshold, termLabel(["budget_threshold"])));
  out.push(...kind.describe(rule, termLabel));
  return out;
}

function appliesText(applies: RuleFile["applies_to"]): string {
  const kinds = applies.kinds.map((kind) => KIND_WORDS[kind]).join(", ");
  const media = applies.media.map((medium: Medium) => MEDIUM_LABELS[medium]).join(", ");
  const markets = applies.markets ? ` (markets: ${applies.markets.join(", ")})` : "";
  return `${kinds} on ${media}${markets}`;
}

function budgetText(threshold: BudgetThresholdFile, origin: string): string[] {
  const out = [`  covered only above a budget threshold; below it nothing is paid${origin}`];
  if (threshold.per_minute) {
    out.push(`    at least ${dollars(threshold.per_minute.value)} per minute of runtime`, ...citationLines(threshold.per_minute, 6));
  }
  if (threshold.by_runtime) {
    const or = threshold.per_minute ? "or " : "";
    out.push(`    ${or}at least, per program, by runtime:`, ...citationLines(threshold.by_runtime, 6));
    for (const band of threshold.by_runtime.bands) {
      const range = band.runtime_to === undefined ? `${band.runtime_from} minutes or more` : `${band.runtime_from}-${band.runtime_to} minutes`;
      out.push(`      ${range}: ${dollars(band.amount)}`);
    }
    out.push("      any other runtime: never");
  }
  if (threshold.per_program) {
    const or = threshold.per_minute || threshold.by_runtime ? "or " : "";
    out.push(`    ${or}at least ${dollars(threshold.per_program.value)} per program`, ...citationLines(threshold.per_program, 6));
  }
  return out;
}

function inheritedLabel(origins: ContractOrigins, path: Key[]): string {
  const origin = origins.origin(path);
  if (origin.inherited.length === 0) return "";
  const from = origin.inherited.join(", ");
  return origin.here ? `  [changed here; the rest from ${from}]` : `  [inherited from ${from}]`;
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
