import { execFileSync } from "node:child_process";
import { readFileSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { tempFiles } from "../fixtures/temp-files.js";
import { run } from "../cli/run-cli.js";
import { shellSessions, type ShownCommand } from "./markdown.js";

/**
 * The README's recipes, pasted as shown into a terminal 100 columns wide, print what the README
 * shows. Each session runs in a fresh folder holding `examples/` (and `node_modules/`):
 * `node dist/cli.js` is the command run from its sources in this process, in that folder; every
 * other command runs in bash. A `…` line in the shown output stands for lines left out.
 */
const CLI = "node dist/cli.js ";
const EXIT = '; echo "exit $?"';
const sessions = shellSessions(readFileSync("README.md", "utf8"));

/** The words of a command as a shell splits these (no variables, no globs). */
function words(command: string): string[] {
  return [...command.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? match[3]!);
}

async function ran(shown: ShownCommand, dir: string): Promise<string[]> {
  if (!shown.command.startsWith(CLI)) return execFileSync("bash", ["-c", shown.command], { cwd: dir, encoding: "utf8" }).split("\n");
  const exit = shown.command.endsWith(EXIT);
  const home = process.cwd();
  process.chdir(dir);
  try {
    const result = await run(words(shown.command.slice(CLI.length, exit ? -EXIT.length : undefined)), 100);
    if (!exit) expect(result.code, result.stderr).toBe(0);
    return (result.stdout + result.stderr + (exit ? `exit ${result.code}\n` : "")).split("\n").map(asShown);
  } finally {
    process.chdir(home);
  }
}

/** A line as a terminal leaves it: what follows the last erasing of the line (a progress bar's), without control sequences. */
function asShown(line: string): string {
  const erased = line.lastIndexOf("\x1b[2K");
  return (erased < 0 ? line : line.slice(erased)).replace(/\x1b(\[[0-9;?]*[A-Za-z]|[78])/g, "");
}

/** The shown lines are the output's, in order, `…` standing for any lines; the output's last lines are shown unless a `…` ends it. */
function expectShown(actual: string[], shown: string[]): void {
  const lines = actual.map((line) => line.trimEnd());
  while (lines.at(-1) === "") lines.pop();
  const pieces: string[][] = [[]];
  for (const line of shown) {
    if (line === "…") pieces.push([]);
    else pieces.at(-1)!.push(line.trimEnd());
  }
  let at = 0;
  pieces.forEach((piece, index) => {
    const found = index === 0 ? 0 : lines.findIndex((_, start) => start >= at && piece.every((line, k) => lines[start + k] === line));
    expect(found, `shown lines not in the output:\n${piece.join("\n")}\n--- output:\n${lines.join("\n")}`).toBeGreaterThanOrEqual(0);
    expect(lines.slice(found, found + piece.length)).toEqual(piece);
    at = found + piece.length;
  });
  if (pieces.at(-1)!.length > 0) expect(lines.slice(at)).toEqual([]);
}

describe("the README's recipes", () => {
  it("are there: an estimate, a comparison, a batch run", () => {
    const commands = sessions.flat().map((shown) => words(shown.command).slice(0, 3).join(" "));
    for (const command of ["node dist/cli.js estimate", "node dist/cli.js compare", "node dist/cli.js calc"]) expect(commands).toContain(command);
  });

  const named = sessions.map((session) => [(session.find((shown) => shown.command.startsWith(CLI)) ?? session[0]!).command.slice(0, 60), session] as const);
  it.each(named)("run as shown: %s…", async (_, session) => {
    const dir = tempFiles();
    symlinkSync(resolve("examples"), join(dir, "examples"));
    // Worker threads started from the sources load them through tsx, found from the working folder.
    symlinkSync(resolve("node_modules"), join(dir, "node_modules"));
    for (const shown of session) expectShown(await ran(shown, dir), shown.output);
  });
});
