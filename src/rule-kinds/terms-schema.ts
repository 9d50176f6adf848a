// As a namespace, so the bundler keeps only what is used: `import { z }` kept all of zod, its
// sixty translations among them, a quarter of the built command, which Node parses at every start.
import * as z from "zod";
import { parseDay } from "../domain/days.js";
import { CONFIDENCES, KINDS, MARKETS, MEDIA } from "../domain/vocabulary.js";
import { Dec } from "../money/decimal.js";

/**
 * The pieces every rule kind's part of the contract-file schema is made of (docs/contracts.md).
 * Every object is strict, so a misspelt or misplaced key is an error, never silently ignored.
 * Numbers reach the schema as their source text (the loader keeps YAML's own digits), so no
 * rate or amount ever passes through a float.
 */
export const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;
export const INTEGER_PATTERN = /^\d+$/;

export const decimalText = z.string({ error: "must be a number" }).regex(DECIMAL_PATTERN, { error: "must be a plain decimal number" });
export const decimal = decimalText.refine((text) => !text.startsWith("-"), { error: "must not be negative" });
export const wholeNumber = z.string({ error: "must be a whole number" }).regex(INTEGER_PATTERN, { error: "must be a whole number" });

/**
 * What the engine counts in plain numbers, bounded so that whatever a file may say can be
 * computed: a day must stay a date, and one usage row gives a bounded number of lines (one
 * per fixed period and tier band it reaches). Stated in docs/contracts.md and the JSON Schema.
 */
export const LIMITS = {
  /** window.days and window.first_season_days: ten years. */
  windowDays: 3653,
  /** fixed_periods.days: ten years. */
  periodDays: 3653,
  fixedPeriods: 52,
  tierBands: 20,
  /** A unit tier's up_to: the most units a row may count exactly. */
  units: Number.MAX_SAFE_INTEGER,
  priority: 1_000_000,
} as const;

/** A whole number from `min` to `max`; the bounds also go to the JSON Schema. */
export function wholeNumberFrom(min: number, max: number) {
  return wholeNumber
    .refine((text) => !INTEGER_PATTERN.test(text) || (Number(text) >= min && Number(text) <= max), {
      error: min === 1 && max === Infinity ? "must be at least 1" : `must be a whole number from ${min} to ${max}`,
    })
    .meta({ minimum: min, ...(max !== Infinity ? { maximum: max } : {}) });
}
// Refinements run even after a failed pattern check, so each one tests the pattern before it does arithmetic.
export const isDecimal = (text: string) => DECIMAL_PATTERN.test(text);
export const isUnitCount = (text: string) => INTEGER_PATTERN.test(text) && Number(text) <= LIMITS.units;
export const rate = decimalText.refine((text) => !isDecimal(text) || (!text.startsWith("-") && new Dec(text).lessThanOrEqualTo(1)), {
  error: "rate must be between 0 and 1 (a fraction: 3% is 0.03)",
});
export const isoDate = z
  .string({ error: "must be a date (YYYY-MM-DD)" })
  .refine((text) => parseDay(text) !== undefined, { error: "must be a date (YYYY-MM-DD)" });

/** A term's source and confidence: spread into every object that states a figure. */
export const citation = {
  source: z.string({ error: "source is required: a URL or reference" }).min(1, { error: "source must not be empty" }),
  confidence: z.enum(CONFIDENCES, { error: "confidence must be verified or uncertain" }),
  note: z.string().optional(),
};

function ascendingDates(changes: readonly { from: string }[] | undefined, ctx: z.RefinementCtx): void {
  changes?.forEach((change, index) => {
    const previous = changes[index - 1];
    if (previous && change.from <= previous.from) {
      ctx.addIssue({ code: "custom", path: ["changes", index, "from"], message: `dates out of order: ${change.from} is not after ${previous.from}` });
    }
  });
}

/** A rate with its source; `changes` give later values keyed by the date they take effect. */
function rateTerm<V extends z.ZodType>(value: V) {
  return z
    .strictObject({
      value,
      ...citation,
      changes: z.array(z.strictObject({ from: isoDate, value, ...citation })).optional(),
    })
    .superRefine((term, ctx) => ascendingDates(term.changes, ctx));
}
export const rateTermSchema = rateTerm(rate);
/** In fixed periods, `null` means: no fixed period; the library rate applies instead. */
export const nullableRateTerm = rateTerm(rate.nullable());
export const amountTerm = z.strictObject({ value: decimal, ...citation });

/** Runtime ranges in whole minutes, inclusive: `runtime_from` .. `runtime_to` (none: no upper bound). */
export const runtimeRange = {
  runtime_from: wholeNumber,
  runtime_to: wholeNumber.optional(),
};

export function runtimeInOrder(range: { runtime_from: string; runtime_to?: string | undefined }, ctx: z.RefinementCtx): void {
  if (range.runtime_to !== undefined && INTEGER_PATTERN.test(range.runtime_to) && INTEGER_PATTERN.test(range.runtime_from) && Number(range.runtime_to) < Number(range.runtime_from)) {
    ctx.addIssue({ code: "custom", path: ["runtime_to"], message: `runtime_to ${range.runtime_to} is below runtime_from ${range.runtime_from}` });
  }
}

/** Per-program budget thresholds by runtime band (a runtime in no band never meets one). */
export const byRuntimeSchema = z.strictObject({
  bands: z.array(z.strictObject({ ...runtimeRange, amount: decimal }).superRefine(runtimeInOrder)).min(1, { error: "needs at least one band" }),
  ...citation,
});

export const budgetThresholdSchema = z
  .strictObject({ per_minute: amountTerm.optional(), per_program: amountTerm.optional(), by_runtime: byRuntimeSchema.optional() })
  .refine((t) => t.per_minute !== undefined || t.per_program !== undefined || t.by_runtime !== undefined, { error: "needs per_minute, per_program or by_runtime" });

const appliesTo = z.strictObject({
  kinds: z.array(z.enum(KINDS, { error: `kind must be one of ${KINDS.join(", ")}` })).min(1, { error: "must list at least one kind" }),
  media: z.array(z.enum(MEDIA, { error: `medium must be one of ${MEDIA.join(", ")}` })).min(1, { error: "must list at least one medium" }),
  markets: z
    .array(z.enum(MARKETS, { error: `market must be one of ${MARKETS.join(", ")}` }))
    .min(1, { error: "must list at least one market (or leave markets out)" })
    .optional(),
});

/** The keys every rule has, whatever its kind (docs/contracts.md, "Rules"). */
export const ruleCommonKeys = {
  applies_to: appliesTo,
  description: z.string().optional(),
  priority: wholeNumberFrom(0, LIMITS.priority).optional(),
  adds_to_others: z.boolean({ error: "adds_to_others must be true or false" }).optional(),
};

/** A kind's whole rule object: `type`, the common keys and the kind's own. */
export function ruleObject<T extends string, K extends z.ZodRawShape>(type: T, keys: K) {
  return z.strictObject({ type: z.literal(type), ...ruleCommonKeys, ...keys });
}

export type RateTermFile = z.infer<typeof rateTermSchema>;
export type NullableRateTermFile = z.infer<typeof nullableRateTerm>;
export type BudgetThresholdFile = z.infer<typeof budgetThresholdSchema>;
export type CitedFile = { source: string; confidence: (typeof CONFIDENCES)[number]; note?: string | undefined };
/** What every rule of a contract file has, whatever its kind. */
export type RuleCommonFile = z.infer<z.ZodObject<typeof ruleCommonKeys>> & { type: string; budget_threshold?: BudgetThresholdFile | undefined };
