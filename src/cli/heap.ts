import { setFlagsFromString } from "node:v8";

// Decimals made while reading the catalogue live for the whole run; V8 would then allocate
// every later Decimal (one per row and line) straight in the old generation, where the
// garbage piles up until a full collection. Keeping them young halves peak memory on large ledgers.
setFlagsFromString("--no-allocation-site-pretenuring");
