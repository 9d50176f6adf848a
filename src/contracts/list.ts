import type { LoadedContract } from "./load.js";

export interface ContractSummary {
  readonly id: string;
  readonly guild: string;
  readonly status: string;
  readonly term_from: string;
  readonly term_to: string | null;
  readonly extends: string | null;
  readonly title: string;
}

export function contractSummary(loaded: LoadedContract): ContractSummary {
  const file = loaded.file;
  return {
    id: file.id,
    guild: file.guild,
    status: file.status,
    term_from: file.term.from,
    term_to: file.term.to ?? null,
    extends: file.extends ?? null,
    title: file.title,
  };
}

/** `contracts list` as an aligned table (the title last: it is the long one). */
export function renderContractList(summaries: readonly ContractSummary[]): string {
  const headers = ["id", "guild", "status", "term", "extends", "title"];
  const rows = summaries.map((s) => [s.id, s.guild, s.status, `${s.term_from} .. ${s.term_to ?? ""}`.trimEnd(), s.extends ?? "", s.title]);
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => row[i]!.length)));
  const render = (cells: readonly string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ").trimEnd();
  return [render(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(render)].join("\n") + "\n";
}
