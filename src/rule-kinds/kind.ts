import type * as z from "zod";
import type { Draft, Line } from "../domain/lines.js";
import type { Lookups, Title, Usage } from "../domain/inputs.js";
import type { Citation, Contract, RuleCommon, RuleTerms } from "../domain/terms.js";
import type { RuleState, StateShape } from "./state.js";
import type { TermOrigin } from "./terms-describe.js";

/**
 * A kind of rule (`type:` in a contract file): everything the program knows of it, in one
 * module, registered in registry.ts. docs/architecture.md says how to add one.
 *
 * - `schema`: the whole rule object of a contract file (ruleObject(type, its own keys));
 * - `compile`: the validated file object to the engine's terms (`common` carries the keys
 *   every rule has, already compiled);
 * - exactly one of
 *   - `excludes`: an exclusion checked before every paying rule (a cutoff): a `zero` draft
 *     for a title it excludes from the use, which then gets no other line;
 *   - `settled`: drafts that do not depend on the row (no residual), made once per contract;
 *   - `compute`: a row's drafts (each draft's note says which zone, tier or term it is, and
 *     the line's explanation quotes it), with the per-title state `state` declares and the
 *     run's other inputs (`lookups`);
 * - `describe`: the rule's own terms in words, for `contracts show`;
 * - `citations`: the cited terms of its own that a line of the rule rests on (the zone, tiers
 *   and rate steps it used), so a front end can warn where one is uncertain.
 */
export interface RuleKind<File = never, Terms extends RuleTerms = RuleTerms> {
  readonly type: string;
  /** What the kind is, in a few words (`contracts show`). */
  readonly title: string;
  readonly schema: z.ZodType<File>;
  compile(file: File, common: RuleCommon): Terms;
  excludes?(rule: Terms, title: Title, contract: Contract): Draft | undefined;
  settled?(rule: Terms, contract: Contract): Draft[];
  /** The per-title state a rule keeps (see StateShape); none where absent. */
  state?(rule: Terms): StateShape;
  compute?(rule: Terms, title: Title, usage: Usage, state: RuleState, lookups: Lookups): Draft[];
  describe(file: File, origin: TermOrigin): string[];
  citations?(rule: Terms, line: Line): Citation[];
}

/** A kind with its types erased, as the registry and the engine hold it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRuleKind = RuleKind<any, any>;
