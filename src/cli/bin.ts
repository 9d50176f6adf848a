import { removeUnfinishedOutputs } from "../io/out/output-file.js";
import { processConsole } from "./console.js";
import { startWorkersEarly } from "./early-workers.js";

// Interrupted (Ctrl-C, kill, a closed terminal, Ctrl-\): take the temporary output files
// away, then exit as the shell expects of a process ended by that signal (128 + its number).
for (const [signal, code] of [
  ["SIGHUP", 129],
  ["SIGINT", 130],
  ["SIGQUIT", 131],
  ["SIGTERM", 143],
] as const) {
  process.on(signal, () => {
    removeUnfinishedOutputs();
    process.exit(code);
  });
}

// The reader of stdout went away (`residuals … | head`): what it did not read is dropped, but
// the run still ends as it would have, its rejections and summary on stderr and its exit code
// (the write that failed says so to its caller, see Output.commit).
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
}

// A large ledger's workers start first, from the command's words: they read the catalogue while
// the rest of the program loads, a tenth of a second that was the start of every run's.
const argv = process.argv.slice(2);
startWorkersEarly(argv, processConsole);
const { runCli } = await import("./main.js");
process.exitCode = await runCli(argv);
