// Preloaded into each measured process (node --import): on exit, records its peak resident memory.
import { appendFileSync } from "node:fs";

const target = process.env.RESIDUALS_BENCH_RSS;
if (target) {
  process.on("exit", () => {
    appendFileSync(target, `${process.resourceUsage().maxRSS}\n`);
  });
}
