import yargs, { type Argv } from "yargs";
import { InputFileError } from "../io/table.js";
import { TargetRefused } from "../io/targets.js";
import { ContractError } from "../contracts/problems.js";
import { StrictStop } from "../batch/ledger.js";
import { formatRejection } from "../io/rejects.js";
import { calcCommand } from "./commands/calc.js";
import { compareCommand } from "./commands/compare.js";
import { contractsCommand } from "./commands/contracts.js";
import { estimateCommand } from "./commands/estimate.js";
import { processConsole, type Console } from "./console.js";
import { EXIT, UsageError } from "./exit-codes.js";

type Handler = (args: never) => Promise<number>;
interface CommandModule {
  command: string;
  describe: string;
  builder: (yargs: Argv) => Argv<unknown>;
  handler: Handler;
}

/** The command-line parser; exported so tests can run commands in-process and read exact output. */
export function buildParser(console: Console, setExit: (code: number) => void): Argv {
  const commands: CommandModule[] = [
    calcCommand(console) as unknown as CommandModule,
    compareCommand(console) as unknown as CommandModule,
    estimateCommand(console) as unknown as CommandModule,
    contractsCommand(console) as unknown as CommandModule,
  ];
  let parser = yargs()
    // Messages and help in English whatever the user's locale, like the rest of the output
    // (yargs would otherwise translate its own words, and only those).
    .locale("en")
    .scriptName("residuals")
    .usage("$0 <command> [options]")
    .strict()
    .demandCommand(1, "name a command: calc, compare, estimate or contracts")
    .recommendCommands()
    .help()
    .version(false)
    .wrap(100)
    .exitProcess(false)
    .fail((message, error) => {
      if (error) throw error;
      throw new UsageError(message);
    })
    // getOptions() is in yargs 18 but not in its published types.
    .middleware((args) => rejectRepeatedFlags(args, (parser as unknown as { getOptions(): { array: string[] } }).getOptions().array));
  for (const module of commands) {
    parser = parser.command(module.command, module.describe, module.builder, async (args) => {
      setExit(await module.handler(args as never));
    });
  }
  return parser;
}

/** A flag that takes one value, given twice, would reach the command as a list: say so instead. */
function rejectRepeatedFlags(args: Record<string, unknown>, listFlags: readonly string[]): void {
  for (const [name, value] of Object.entries(args)) {
    // yargs adds a camelCase twin of each dashed flag; the dashed one is reported.
    if (name === "_" || /[A-Z]/.test(name) || !Array.isArray(value) || listFlags.includes(name)) continue;
    throw new UsageError(`--${name} is given more than once`);
  }
}

/** Runs the CLI; returns the exit code. Every failure becomes a message, never a stack trace. */
export async function runCli(argv: readonly string[], console: Console = processConsole): Promise<number> {
  let code: number = EXIT.ok;
  try {
    let helpText = "";
    await buildParser(console, (c) => (code = c)).parseAsync(argv as string[], {}, (_error, _args, output) => {
      helpText = output;
    });
    if (helpText) console.stdout.write(helpText + "\n");
    return code;
  } catch (error) {
    return reportFailure(console, error);
  }
}

function reportFailure(console: Console, error: unknown): number {
  if (error instanceof UsageError || error instanceof TargetRefused) {
    console.stderr.write(`residuals: ${oneLine(error.message)}\n`);
    return EXIT.usage;
  }
  if (error instanceof ContractError || error instanceof InputFileError) {
    console.stderr.write(`${error.message}\n`);
    return EXIT.fileError;
  }
  if (error instanceof StrictStop) {
    console.stderr.write(`rejected: ${formatRejection(error.rejection)}\nstopped at the first rejected record (--strict); no output written\n`);
    return EXIT.rejected;
  }
  if (isFileSystemError(error)) {
    // A file problem found late (a full disk, a vanished folder): the file's fault, not the program's.
    console.stderr.write(`residuals: ${error.message}\n`);
    return EXIT.fileError;
  }
  const message = error instanceof Error ? error.message : String(error);
  console.stderr.write(`residuals: internal error: ${message}\n`);
  return EXIT.internal;
}

function oneLine(message: string): string {
  return message
    .split("\n")
    .map((part) => part.trim())
    .filter(Boolean)
    .join(" ")
    .replace(/:\s*:/g, ":");
}

function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === "string" && typeof (error as NodeJS.ErrnoException).code === "string";
}
