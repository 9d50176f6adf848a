import type { LoadedContract } from "../contracts/load.js";
import { commitOutputs, Output } from "../io/out/output-file.js";
import { RejectsLog } from "../io/out/rejects.js";
import type { Rejection } from "../io/csv/column-reader.js";
import { planOutputs, type NamedInput } from "../io/out/targets.js";
import type { Console } from "./console.js";
import type { LedgerArgs } from "./options.js";

/**
 * The outputs of a ledger run (results, and rejects when asked), opened before any work: a
 * path that cannot be written, or one that is an input or the other output, stops the run
 * before it starts. Rejections are written as they are found (see RejectsLog), but nothing is
 * put in place until `commit`, which puts both in place together.
 */
export class RunOutputs {
  private constructor(
    readonly results: Output,
    private readonly rejects: Output | undefined,
    /** Every rejection of the run goes here, with or without --rejects. */
    readonly rejections: RejectsLog,
  ) {}

  static async open(console: Console, args: LedgerArgs, contracts: readonly LoadedContract[]): Promise<RunOutputs> {
    const inputs: NamedInput[] = [
      { flag: "--titles", path: args.titles },
      { flag: "--usage", path: args.usage },
      ...(args.cast !== undefined ? [{ flag: "--cast", path: args.cast }] : []),
      ...contracts.flatMap((loaded) => loaded.chain.map((path) => ({ flag: "--contract", path }))),
    ];
    const [results, rejects] = await planOutputs(
      [
        { flag: "--out", path: args.out },
        ...(args.rejects !== undefined ? [{ flag: "--rejects", path: args.rejects }] : []),
      ],
      inputs,
    );
    const resultsOutput = await Output.open(results, console.stdout, console.stderr);
    let rejectsOutput: Output | undefined;
    try {
      rejectsOutput = rejects && (await Output.open(rejects, console.stdout, console.stderr));
      return new RunOutputs(resultsOutput, rejectsOutput, await RejectsLog.open(rejectsOutput));
    } catch (error) {
      await resultsOutput.discard();
      await rejectsOutput?.discard();
      throw error;
    }
  }

  /** The run is done: both outputs are put in place. */
  async commit(): Promise<void> {
    await commitOutputs([this.results, this.rejects]);
  }

  /** --strict stopped the run: no results, but the rejects file names the record that stopped it. */
  async stopped(rejection: Rejection): Promise<void> {
    await this.results.discard();
    if (!this.rejects) return;
    await this.rejections.stoppedAt(rejection);
    await commitOutputs([this.rejects]);
  }

  async discard(): Promise<void> {
    await this.results.discard();
    await this.rejects?.discard();
  }
}
