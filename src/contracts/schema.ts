// As a namespace, so the bundler keeps only what is used: `import { z }` kept all of zod, its
// sixty translations among them, a quarter of the built command, which Node parses at every start.
import * as z from "zod";
import { parseDay } from "../domain/days.js";
import { Dec } from "../money/decimal.js";
import { CONFIDENCES, FIXED_BASES, GUILDS, KINDS, MARKETS, MEDIA, STATUSES } from "../domain/vocabulary.js";

/**
 * The contract-file format: the single source of truth for validation, for the TypeScript
 * types (z.infer) and for the published JSON Schema (z.toJSONSchema). Every object is strict,
 * so a misspelt or misplaced key is an error, never silently ignored.
 *
 * Numbers reach this schema as their source text (the loader keeps YAML's own digits), so no
 * rate or amount ever passes through a float.
 */
export const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;
export const INTEGER_PATTERN = /^\d+$/;

const decimalText = z.string({ error: "must be a number" }).regex(DECIMAL_PATTERN, { error: "must be a plain decimal number" });
const decimal = decimalText.refine((text) => !text.startsWith("-"), { error: "must not be negative" });
const wholeNumber = z.string({ error: "must be a whole number" }).regex(INTEGER_PATTERN, { error: "must be a whole number" });

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
function wholeNumberFrom(min: number, max: number) {
  return wholeNumber
    .refine((text) => !INTEGER_PATTERN.test(text) || (Number(text) >= min && Number(text) <= max), {
      error: min === 1 && max === Infinity ? "must be at least 1" : `must be a whole number from ${min} to ${max}`,
    })
    .meta({ minimum: min, ...(max !== Infinity ? { maximum: max } : {}) });
}
// Refinements run even after a failed pattern check, so each one tests the pattern before it does arithmetic.
const isDecimal = (text: string) => DECIMAL_PATTERN.test(text);
const isUnitCount = (text: string) => INTEGER_PATTERN.test(text) && Number(text) <= LIMITS.units;
const rate = decimalText.refine((text) => !isDecimal(text) || (!text.startsWith("-") && new Dec(text).lessThanOrEqualTo(1)), {
  error: "rate must be between 0 and 1 (a fraction: 3% is 0.03)",
});
const isoDate = z
  .string({ error: "must be a date (YYYY-MM-DD)" })
  .refine((text) => parseDay(text) !== undefined, { error: "must be a date (YYYY-MM-DD)" });

const citation = {
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
const rateTermSchema = rateTerm(rate);
/** In fixed periods, `null` means: no fixed period; the library rate applies instead. */
const nullableRateTerm = rateTerm(rate.nullable());

const amountTerm = z.strictObject({ value: decimal, ...citation });

const appliesTo = z.strictObject({
  kinds: z.array(z.enum(KINDS, { error: `kind must be one of ${KINDS.join(", ")}` })).min(1, { error: "must list at least one kind" }),
  media: z.array(z.enum(MEDIA, { error: `medium must be one of ${MEDIA.join(", ")}` })).min(1, { error: "must list at least one medium" }),
  markets: z
    .array(z.enum(MARKETS, { error: `market must be one of ${MARKETS.join(", ")}` }))
    .min(1, { error: "must list at least one market (or leave markets out)" })
    .optional(),
});

const ruleCommon = {
  applies_to: appliesTo,
  description: z.string().optional(),
  priority: wholeNumberFrom(0, LIMITS.priority).optional(),
};

const budgetThreshold = z
  .strictObject({ per_minute: amountTerm.optional(), per_program: amountTerm.optional() })
  .refine((t) => t.per_minute !== undefined || t.per_program !== undefined, { error: "needs per_minute or per_program" });

const cutoffRule = z.strictObject({
  type: z.literal("cutoff"),
  ...ruleCommon,
  produced_before: isoDate,
  ...citation,
});

const noResidualRule = z.strictObject({
  type: z.literal("no-residual"),
  ...ruleCommon,
  ...citation,
});

const tierBand = z.strictObject({ up_to: decimal.optional(), rate: rateTermSchema });

const revenueRule = z
  .strictObject({
    type: z.literal("revenue"),
    ...ruleCommon,
    rate: rateTermSchema.optional(),
    tiers: z
      .strictObject({
        counter: z.enum(["units", "distributor_gross"], { error: "counter must be units or distributor_gross" }),
        bands: z
          .array(tierBand)
          .min(2, { error: "a tier table needs at least two bands" })
          .max(LIMITS.tierBands, { error: `a tier table has at most ${LIMITS.tierBands} bands` }),
        ...citation,
      })
      .superRefine((tiers, ctx) => {
        tiers.bands.forEach((band, index) => {
          const last = index === tiers.bands.length - 1;
          if (last && band.up_to !== undefined) {
            ctx.addIssue({ code: "custom", path: ["bands", index, "up_to"], message: "the last band has no up_to (it is open-ended)" });
          }
          if (!last && band.up_to === undefined) {
            ctx.addIssue({ code: "custom", path: ["bands", index], message: "every band but the last needs up_to" });
          }
          // Units are counted in whole numbers: a fractional threshold would split a unit.
          if (tiers.counter === "units" && band.up_to !== undefined && isDecimal(band.up_to) && !isUnitCount(band.up_to)) {
            ctx.addIssue({ code: "custom", path: ["bands", index, "up_to"], message: `with counter units, up_to is a whole number of units from 0 to ${LIMITS.units}` });
          }
          const previous = tiers.bands[index - 1]?.up_to;
          if (band.up_to === undefined || previous === undefined || !isDecimal(band.up_to) || !isDecimal(previous)) return;
          if (new Dec(band.up_to).lessThanOrEqualTo(new Dec(previous))) {
            ctx.addIssue({ code: "custom", path: ["bands", index, "up_to"], message: `thresholds out of order: ${band.up_to} is not above ${previous}` });
          }
        });
      })
      .optional(),
    budget_threshold: budgetThreshold.optional(),
  })
  .superRefine((rule, ctx) => {
    if ((rule.rate === undefined) === (rule.tiers === undefined)) {
      ctx.addIssue({ code: "custom", path: [], message: "a revenue rule needs exactly one of rate or tiers" });
    }
  });

const zonedStreamingRule = z.strictObject({
  type: z.literal("zoned-streaming"),
  ...ruleCommon,
  window: z.strictObject({ days: wholeNumberFrom(0, LIMITS.windowDays), first_season_days: wholeNumberFrom(0, LIMITS.windowDays), ...citation }),
  fixed_periods: z.strictObject({
    count: wholeNumberFrom(0, LIMITS.fixedPeriods),
    days: wholeNumberFrom(1, LIMITS.periodDays),
    rate: nullableRateTerm,
    market_rates: z.partialRecord(z.enum(MARKETS, { error: `market must be one of ${MARKETS.join(", ")}` }), nullableRateTerm).optional(),
    ...citation,
  }),
  library: z.strictObject({ rate: rateTermSchema }),
  budget_threshold: budgetThreshold.optional(),
});

export const ruleSchema = z.discriminatedUnion("type", [cutoffRule, noResidualRule, revenueRule, zonedStreamingRule], {
  error: "type must be one of cutoff, no-residual, revenue, zoned-streaming",
});

const ruleId = /^[a-z0-9][a-z0-9-]*$/;

export const contractFileSchema = z
  .strictObject({
    id: z.string().regex(ruleId, { error: "id must be lower-case letters, digits and dashes" }),
    extends: z.string().optional(),
    title: z.string().min(1),
    guild: z.enum(GUILDS, { error: `guild must be one of ${GUILDS.join(", ")}` }),
    status: z.enum(STATUSES, { error: `status must be one of ${STATUSES.join(", ")}` }),
    term: z.strictObject({ from: isoDate, to: isoDate.optional() }),
    reference: z.string().optional(),
    description: z.string().optional(),
    not_modelled: z.array(z.string()).optional(),
    fixed_basis: z.enum(FIXED_BASES, { error: "fixed_basis must be tam or residual_base" }),
    rules: z.record(z.string().regex(ruleId, { error: "rule ids are lower-case letters, digits and dashes" }), ruleSchema),
  })
  .superRefine((file, ctx) => {
    if (file.term.to !== undefined && file.term.to < file.term.from) {
      ctx.addIssue({ code: "custom", path: ["term", "to"], message: `dates out of order: term ends ${file.term.to}, before it starts ${file.term.from}` });
    }
  });

export type ContractFile = z.infer<typeof contractFileSchema>;
export type RuleFile = z.infer<typeof ruleSchema>;
export type RateTermFile = z.infer<typeof rateTermSchema>;
export type NullableRateTermFile = z.infer<typeof nullableRateTerm>;

/** The JSON Schema for editors: numbers may be written as YAML numbers. */
export function contractJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(contractFileSchema, {
    io: "input",
    unrepresentable: "any",
    override: (ctx) => {
      const json = ctx.jsonSchema as Record<string, unknown>;
      if (json.type === "string" && (json.pattern === DECIMAL_PATTERN.source || json.pattern === INTEGER_PATTERN.source)) {
        delete json.type;
        const pattern = json.pattern;
        delete json.pattern;
        // The bounds of a bounded whole number (see wholeNumberFrom) hold for it written as a number.
        const { minimum = 0, maximum } = json as { minimum?: number; maximum?: number };
        delete json.minimum;
        delete json.maximum;
        json.anyOf = [
          { type: pattern === INTEGER_PATTERN.source ? "integer" : "number", minimum, ...(maximum !== undefined ? { maximum } : {}) },
          { type: "string", pattern },
        ];
      }
    },
  });
  return {
    ...schema,
    title: "Residuals contract file",
  } as Record<string, unknown>;
}
