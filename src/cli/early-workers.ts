import { startEarly, type ParallelFiles } from "../pipeline/parallel/early-start.js";
import { workerCount } from "../pipeline/parallel/worker-count.js";
import type { Console } from "./console.js";
import { CALC_FORMATS, calcOnWorkers, outputFormat, workerThreads, type CalcFormat } from "./options.js";

/** The flags that decide a run's workers: the files they read, how many, and calc's format. */
const FLAGS = ["titles", "cast", "usage", "workers", "format", "out"] as const;
type Flag = (typeof FLAGS)[number];

/**
 * The workers a calc or compare run will start, read from its words before the program that
 * parses them is loaded (see bin.ts), or undefined. Only plain words are read (the command
 * first, each flag once, as `--flag value` or `--flag=value`); for anything else the run starts
 * its workers itself once its flags are parsed, and drops those started here if they differ.
 */
export function earlyWorkers(argv: readonly string[], console: Console): { files: ParallelFiles; shards: number; names: boolean } | undefined {
  const command = argv[0];
  if (command !== "calc" && command !== "compare") return undefined;
  const values = new Map<Flag, string>();
  for (let index = 1; index < argv.length; index++) {
    const word = argv[index]!;
    if (word === "--" || word === "--help" || word === "-h") return undefined;
    if (!word.startsWith("--")) continue;
    const equals = word.indexOf("=");
    const name = (equals < 0 ? word.slice(2) : word.slice(2, equals)) as Flag;
    if (!FLAGS.includes(name)) continue;
    const value = equals < 0 ? argv[++index] : word.slice(equals + 1);
    if (value === undefined || values.has(name)) return undefined;
    values.set(name, value);
  }
  const titlesFile = values.get("titles");
  const usageFile = values.get("usage");
  const castFile = values.get("cast");
  if (titlesFile === undefined || usageFile === undefined) return undefined;
  const workersText = values.get("workers");
  const workers = workersText === undefined ? undefined : refusedAsUndefined(() => workerThreads(workersText));
  if (workersText !== undefined && workers === undefined) return undefined;
  if (command === "calc" && !calcOnWorkers(calcFormat(values.get("format"), values.get("out"), console) ?? "table")) return undefined;
  const shards = workerCount({ usage: usageFile, workers });
  if (shards === 0) return undefined;
  // As the run's task will say (see keepsNames in pipeline/parallel/pool.ts); any mention of --names keeps them, whatever its value.
  const names = command === "compare" || argv.some((word) => word === "--names" || word.startsWith("--names="));
  return { files: { titlesFile, ...(castFile !== undefined ? { castFile } : {}), usageFile }, shards, names };
}

/** Starts a run's workers as earlyWorkers reads them, if any. */
export function startWorkersEarly(argv: readonly string[], console: Console): void {
  const workers = earlyWorkers(argv, console);
  if (workers !== undefined) startEarly(workers.files, workers.shards, workers.names);
}

/** calc's format as its flags give it, or undefined where the run would refuse them. */
function calcFormat(format: string | undefined, out: string | undefined, console: Console): CalcFormat | undefined {
  if (format !== undefined && !CALC_FORMATS.includes(format as CalcFormat)) return undefined;
  return refusedAsUndefined(() => outputFormat(format as CalcFormat | undefined, out, console, CALC_FORMATS, "table"));
}

/** What `read` gives, or undefined where it refuses the flags (the run then says why itself). */
function refusedAsUndefined<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
