import yargs, { type Argv } from "yargs";
import { InputFileError } from "../io/csv/column-reader.js";
import { TargetRefused } from "../io/out/targets.js";
import { ContractError } from "../contracts/problems.js";
import { StrictStop } from "../pipeline/ledger.js";
import { formatRejection } from "../io/out/rejects.js";
import { calcCommand } from "./commands/calc.js";
import { compareCommand } from "./commands/compare.js";
import { contractsCommand } from "./commands/contracts.js";
import { estimateCommand } from "./commands/estimate.js";
import { processConsole, type Console } from "./console.js";
import { EXIT, UsageError } from "./exit-codes.js";
import { checkFlags, unknownCommand } from "./flags.js";
import packageJson from "../../package.json" with { type: "json" };

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
    .usage("$0 <command> [options]\n\nResiduals owed on new media (streaming, downloads, rentals) under guild contracts.")
    .strict()
    .demandCommand(1, "name a command: calc, compare, estimate or contracts (residuals --help lists them)")
    .recommendCommands()
    .help()
    .alias("h", "help")
    .version(packageJson.version)
    .alias("V", "version")
    .wrap(helpWidth(console))
    .exitProcess(false)
    .fail((message, error) => {
      if (error instanceof UsageError) throw error;
      if (error && error.name !== "YError") throw error;
      // yargs's recommendCommands says only "Did you mean calc?": say what was typed too.
      if (message && /^Did you mean /.test(message)) {
        const typed = (parser as unknown as { parsed: { argv: { _: unknown[] } } }).parsed.argv._[0];
        throw new UsageError(unknownCommand(String(typed), commands.map((module) => module.command.split(" ")[0]!)));
      }
      throw new UsageError(message ?? error?.message ?? "");
    })
    // Before yargs's own checks, so each mistake is said in the user's words (see checkFlags).
    // yargs hands middleware its parser too, though its published types say otherwise.
    .middleware(((args: Record<string, unknown>, self: Argv) => checkFlags(args, self)) as unknown as (args: Record<string, unknown>) => void, true);
  for (const module of commands) {
    parser = parser.command(module.command, module.describe, (yargs) => requiredFirst(module.builder(yargs)), async (args) => {
      setExit(await module.handler(args as never));
    });
  }
  parser = parser.completion("completion", "A shell completion script (bash, zsh): residuals completion >> ~/.bashrc");
  skipHelpCache(parser);
  return parser;
}

/**
 * yargs renders a command's whole help as soon as its handler starts, in case a failure later
 * shows it. Failures here are said in the CLI's own words (see `fail` above), never with that
 * help, and rendering it took tens of milliseconds of every run's start, while the workers
 * start too. `--help` renders help as before.
 */
function skipHelpCache(parser: Argv): void {
  const internals = parser as unknown as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } };
  const usage = internals.getInternalMethods?.().getUsageInstance?.();
  if (typeof usage?.cacheHelpMessage === "function") usage.cacheHelpMessage = () => undefined;
}

/** A command's help lists the options it cannot run without first. */
function requiredFirst(yargs: Argv<unknown>): Argv<unknown> {
  const required = Object.keys((yargs as unknown as { getOptions(): { demandedOptions: Record<string, unknown> } }).getOptions().demandedOptions);
  return required.length > 0 ? yargs.group(required, "Required:") : yargs;
}

/** Help fits the terminal, up to 100 columns; 80 when the output is not a terminal. */
function helpWidth(console: Console): number {
  const columns = (console.stdout as { columns?: number }).columns;
  return Math.min(100, columns && columns >= 40 ? columns : 80);
}

/** Runs the CLI; returns the exit code. Every failure becomes a message, never a stack trace. */
export async function runCli(argv: readonly string[], console: Console = processConsole): Promise<number> {
  let code: number = EXIT.ok;
  // With nothing to do, say what can be done.
  if (argv.length === 0) argv = ["--help"];
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
