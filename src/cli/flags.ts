import type { Argv } from "yargs";
import { UsageError } from "./exit-codes.js";
import { didYouMean } from "./nearest.js";

/** What yargs knows of the options of the command being run (getOptions() is not in its published types). */
interface KnownOptions {
  key: Record<string, unknown>;
  array: string[];
  boolean: string[];
  choices: Record<string, readonly string[]>;
  demandedOptions: Record<string, unknown>;
}

interface ParserState {
  getOptions(): KnownOptions;
  getInternalMethods(): {
    getContext(): { commands: string[]; fullCommands: string[] };
    getHasOutput(): boolean;
    getCommandInstance(): { getCommands(): string[] };
  };
  parsed: { error: Error | null; aliases: Record<string, string[]> } | false;
}

/**
 * Checks the command line before yargs validates it, so every mistake is reported in the
 * user's words and names the flag typed: a flag without its value, an unknown flag (with the
 * nearest known ones), a flag given twice, a missing required flag, a value not among a
 * flag's choices (with the nearest). Runs as yargs middleware, before its own validation.
 */
export function checkFlags(args: Record<string, unknown>, parser: Argv): void {
  const state = parser as unknown as ParserState;
  const internal = state.getInternalMethods();
  // Help or the version was asked for, and shown: there is nothing to check.
  if (internal.getHasOutput()) return;
  const options = state.getOptions();
  const aliases = state.parsed ? state.parsed.aliases : {};
  const parseError = state.parsed ? state.parsed.error : null;
  if (parseError) throw new UsageError(parseErrorMessage(parseError.message));

  const context = internal.getContext();
  if (context.commands.length === 0 && args._ instanceof Array && args._.length > 0) {
    const commands = internal.getCommandInstance().getCommands();
    throw new UsageError(unknownCommand(String(args._[0]), commands));
  }
  const positionals = positionalNames(context.fullCommands.at(-1) ?? "");
  const flags = Object.keys(options.key).filter((name) => !positionals.has(name));
  const known = new Set([...Object.keys(options.key), ...Object.keys(aliases)]);
  const unknown = Object.keys(args).filter((name) => name !== "_" && name !== "$0" && !known.has(name) && !isCamelTwin(name, args));
  if (unknown.length > 0) {
    const name = unknown[0]!;
    throw new UsageError(`unknown option ${dashed(name)}${didYouMean(name, flags, dashed)}`);
  }

  for (const [name, value] of Object.entries(args)) {
    // yargs adds a camelCase twin of each dashed flag; the dashed one is reported.
    if (name === "_" || /[A-Z]/.test(name) || !Array.isArray(value) || options.array.includes(name)) continue;
    throw new UsageError(`${dashed(name)} is given more than once`);
  }

  const missing = Object.keys(options.demandedOptions).filter((name) => args[name] === undefined);
  if (missing.length > 0) {
    throw new UsageError(`missing required option${missing.length > 1 ? "s" : ""} ${missing.map(dashed).join(", ")}`);
  }

  for (const [name, choices] of Object.entries(options.choices)) {
    const given = args[name];
    if (given === undefined) continue;
    for (const value of Array.isArray(given) ? given : [given]) {
      if (choices.includes(value as string)) continue;
      const what = positionals.has(name) ? "" : `${dashed(name)}: `;
      throw new UsageError(`${what}"${String(value)}" is not one of ${choices.join(", ")}${didYouMean(String(value), choices)}`);
    }
  }
}

/** A first word that is no command, with the nearest commands or else the list of them. */
export function unknownCommand(typed: string, commands: readonly string[]): string {
  const hint = didYouMean(typed, commands);
  return `unknown command "${typed}"${hint || ` (the commands are ${commands.join(", ")})`}`;
}

/** yargs's words for a flag given last, or followed by another flag, in the user's terms. */
function parseErrorMessage(message: string): string {
  const flag = /^Not enough arguments following: (.+)$/.exec(message)?.[1];
  return flag === undefined ? message : `${dashed(flag)} needs a value`;
}

/** A command's positional words (`contracts [action] [targets..]`) are options to yargs, but not flags. */
function positionalNames(command: string): Set<string> {
  return new Set([...command.matchAll(/[<[]([\w-]+)(?:\.\.)?[>\]]/g)].map((match) => match[1]!));
}

function isCamelTwin(name: string, args: Record<string, unknown>): boolean {
  if (!/[A-Z]/.test(name)) return false;
  return Object.keys(args).some((other) => other !== name && other.includes("-") && camel(other) === name);
}

function camel(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

function dashed(name: string): string {
  return name.length === 1 ? `-${name}` : `--${name}`;
}

/** A whole number within bounds, for an option that takes one; a bad value names the flag. */
export function wholeNumberOption(flag: string, low: number, high: number) {
  return (text: unknown): number => {
    const typed = String(text).trim();
    const value = /^[0-9]+$/.test(typed) ? Number(typed) : NaN;
    if (!(value >= low && value <= high)) throw new UsageError(`--${flag}: expected a whole number from ${low} to ${high}, got "${String(text)}"`);
    return value;
  };
}
