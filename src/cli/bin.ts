import { removeUnfinishedOutputs } from "../io/output.js";
import { runCli } from "./main.js";

// Interrupted (Ctrl-C, kill): take the temporary output files away, then exit as the shell
// expects of a process ended by that signal (128 + its number).
for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const) {
  process.on(signal, () => {
    removeUnfinishedOutputs();
    process.exit(code);
  });
}

// The reader of stdout went away (`residuals … | head`): stop quietly, as Unix tools do.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  removeUnfinishedOutputs();
  process.exit(0);
});

runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
