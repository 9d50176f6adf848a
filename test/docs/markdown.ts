/** The little of Markdown the documentation tests read: code blocks, links and heading anchors. */

/** The text with its fenced code blocks left out (their lines kept empty, so line numbers hold). */
export function withoutCode(text: string): string {
  let inCode = false;
  return text
    .split("\n")
    .map((line) => {
      if (line.startsWith("```")) {
        inCode = !inCode;
        return "";
      }
      return inCode ? "" : line;
    })
    .join("\n");
}

/** The targets of the links that stay inside the repository (no scheme), in order. */
export function relativeLinks(text: string): string[] {
  return [...withoutCode(text).matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!).filter((target) => !/^[a-z]+:/i.test(target));
}

/** The anchors of a page's headings, made as GitHub makes them (duplicates numbered). */
export function headingAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  for (const [, heading] of withoutCode(text).matchAll(/^#{1,6} (.+)$/gm)) {
    const base = heading!.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replace(/ /g, "-");
    let anchor = base;
    for (let n = 1; anchors.has(anchor); n++) anchor = `${base}-${n}`;
    anchors.add(anchor);
  }
  return anchors;
}

/** A shell session shown in a code block: each `$ ` command (with its `\` continuations) and the output shown under it. */
export interface ShownCommand {
  readonly command: string;
  readonly output: string[];
}

/** The code blocks that start with a `$ ` command, as sessions of commands. */
export function shellSessions(text: string): ShownCommand[][] {
  const sessions: ShownCommand[][] = [];
  const blocks = text.split(/^```[^\n]*\n/m).filter((_, index) => index % 2 === 1);
  for (const block of blocks) {
    if (!block.startsWith("$ ")) continue;
    const session: { command: string; output: string[] }[] = [];
    let continued = false;
    for (const line of block.replace(/\n$/, "").split("\n")) {
      if (continued) session.at(-1)!.command += " " + line.trim();
      else if (line.startsWith("$ ")) session.push({ command: line.slice(2), output: [] });
      else session.at(-1)!.output.push(line);
      continued = line.endsWith("\\");
      if (continued) session.at(-1)!.command = session.at(-1)!.command.replace(/\s*\\$/, "");
    }
    sessions.push(session);
  }
  return sessions;
}
