/** Help text a terminal of 80 columns shows whole (yargs keeps a margin). */
const COLUMNS = 78;

/**
 * An example for a command's help: what it does, then the command, broken into lines of at
 * most 80 columns with shell continuations, so it can be pasted as it is.
 */
export function examples(...cases: readonly (readonly [description: string, command: string])[]): string {
  const blocks = cases.map(([description, command]) => `  ${description}:\n${commandLines(command).join("\n")}`);
  return `${cases.length > 1 ? "Examples" : "Example"}:\n${blocks.join("\n\n")}`;
}

/** The command in lines, broken only before a flag, so each flag stays beside its value. */
function commandLines(command: string): string[] {
  const units: string[] = [];
  for (const word of command.split(" ")) {
    if (word.startsWith("-") || units.length === 0) units.push(word);
    else units[units.length - 1] += ` ${word}`;
  }
  const lines: string[] = [];
  let line = `    ${units[0]}`;
  for (const unit of units.slice(1)) {
    if (`${line} ${unit} \\`.length > COLUMNS) {
      lines.push(`${line} \\`);
      line = `        ${unit}`;
    } else {
      line = `${line} ${unit}`;
    }
  }
  lines.push(line);
  return lines;
}
