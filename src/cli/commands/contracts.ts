import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { Argv } from "yargs";
import { bundledContractIds, loadContractRef } from "../../contracts/bundled.js";
import { isContractPath } from "../../contracts/load.js";
import { ContractError, formatProblem, UnknownContractId } from "../../contracts/problems.js";
import { describeContract } from "../../contracts/describe.js";
import { contractSummary, renderContractList } from "../../contracts/list.js";
import { ContractOrigins } from "../../contracts/origins.js";
import { editorSchema } from "../../contracts/editor-schema.js";
import type { Console } from "../console.js";
import { contractFromFlag } from "../contract-flag.js";
import { didYouMean } from "../nearest.js";
import { examples } from "../help.js";
import { displayPath } from "../display-path.js";
import { EXIT, UsageError } from "../exit-codes.js";

const ACTIONS = ["list", "show", "validate", "schema"] as const;
type Action = (typeof ACTIONS)[number];

interface ContractsArgs {
  action?: Action;
  targets?: string[];
  format?: "table" | "json";
}

/** One command with an action word, so each action returns its own exit code like every other command. */
export function contractsCommand(console: Console) {
  return {
    command: "contracts [action] [targets..]",
    describe: "The contract library: list | show <id|file> | validate <file..> | schema",
    builder: (yargs: Argv) =>
      yargs
        .positional("action", { choices: ACTIONS, describe: "list, show, validate or schema" })
        .positional("targets", { type: "string", array: true, describe: "show: a contract id or file; validate: one or more files" })
        .option("format", { choices: ["table", "json"] as const, describe: "Output format of list (default: table)" })
        .epilogue(
          examples(
            ["the bundled contracts", "residuals contracts list"],
            ["every term of one in plain words, with its source", "residuals contracts show what-if-no-1974-cutoff"],
            ["check a contract file", "residuals contracts validate my-offer.yaml"],
          ),
        ),
    handler: async (args: ContractsArgs): Promise<number> => {
      const targets = args.targets ?? [];
      if (args.action === undefined) throw new UsageError(`contracts needs an action: ${ACTIONS.join(", ")}`);
      if (args.format !== undefined && args.action !== "list") throw new UsageError("--format applies to contracts list only");
      switch (args.action) {
        case "list":
          noTargets(args.action, targets);
          return list(console, args.format ?? "table");
        case "show":
          if (targets.length !== 1) throw new UsageError("contracts show takes one contract id or file");
          return show(console, targets[0]!);
        case "validate":
          if (targets.length === 0) throw new UsageError("contracts validate needs a contract file");
          return validate(console, targets);
        case "schema":
          noTargets(args.action, targets);
          console.stdout.write(JSON.stringify(editorSchema(), null, 2) + "\n");
          return EXIT.ok;
      }
    },
  };
}

function noTargets(action: Action, targets: readonly string[]): void {
  if (targets.length > 0) throw new UsageError(`contracts ${action} takes no argument (got "${targets[0]}")`);
}

function list(console: Console, format: "table" | "json"): number {
  const summaries = bundledContractIds().map((id) => contractSummary(loadContractRef(id)));
  console.stdout.write(format === "json" ? JSON.stringify(summaries, null, 2) + "\n" : renderContractList(summaries));
  return EXIT.ok;
}

function show(console: Console, ref: string): number {
  const loaded = contractFromFlag(asFile(ref), "contracts show");
  console.stdout.write(describeContract(loaded, new ContractOrigins(loaded.chain), displayPath));
  return EXIT.ok;
}

/** Every file is checked; problems go to stderr, one per line, as file:line:column: key path: message. */
function validate(console: Console, refs: readonly string[]): number {
  let code: number = EXIT.ok;
  for (const ref of refs) {
    try {
      loadContractRef(asFile(ref));
      console.stdout.write(`${ref}: valid\n`);
    } catch (error) {
      if (error instanceof UnknownContractId) {
        console.stderr.write(`${ref}: no such file, and no bundled contract has that id${didYouMean(ref, bundledContractIds())}\n`);
        code = EXIT.fileError;
        continue;
      }
      if (!(error instanceof ContractError)) throw error;
      const asTyped = (file: string) => (file === resolve(ref) ? ref : displayPath(file));
      console.stderr.write(error.problems.map((problem) => formatProblem({ ...problem, file: asTyped(problem.file) })).join("\n") + "\n");
      code = EXIT.fileError;
    }
  }
  return code;
}

/** A file that exists is read as the file, whatever its name (an id is a name without a folder or .yaml). */
function asFile(ref: string): string {
  return !isContractPath(ref) && existsSync(ref) && statSync(ref).isFile() ? `./${ref}` : ref;
}

