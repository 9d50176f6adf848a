import type { Scaled } from "../money/scaled.js";
import type { Day } from "./days.js";
import type { Dec } from "../money/decimal.js";
import type { Kind, Market, Medium } from "./vocabulary.js";

/** A catalogue entry (titles file), parsed. */
export interface Title {
  readonly id: string;
  readonly name?: string;
  readonly kind: Kind;
  readonly producedOn: Day;
  readonly firstAiredOn?: Day;
  readonly runtimeMinutes?: number;
  readonly firstSeason: boolean;
  readonly market?: Market;
  readonly budget?: Dec;
  readonly residualBase?: Dec;
  /** Position in its catalogue (0, 1, 2 …), where the reader gives one: per-title state is then an array slot. */
  readonly ordinal?: number;
}

/** A usage ledger record, parsed. `row` is 1 for the first data record. */
export interface Usage {
  readonly row: number;
  readonly titleId: string;
  /** The catalogue entry, where the reader has already looked it up. */
  readonly title?: Title;
  /** `title.ordinal`, given by the reader so the engine reaches per-title state without reading the title. */
  readonly ordinal?: number;
  readonly medium: Medium;
  readonly start: Day;
  readonly end: Day;
  /** Distributor's gross, exactly (no Dec per row: the hot arithmetic is in integers); negative on a correction. */
  readonly gross: Scaled;
  /** Downloads or rentals; on a correction, 0 or negative. */
  readonly units?: number | undefined;
  /** The service the use was on (its subscribers are in the services file). */
  readonly service?: string | undefined;
  /** Domestic hours viewed in the period, ≥ 0. */
  readonly hoursViewed?: Scaled | undefined;
}

/** A service's domestic subscriber count as of a day. */
export interface SubscriberCount {
  readonly asOf: Day;
  readonly subscribers: bigint;
}

/** Subscriber counts per service, each service's in ascending `asOf` order. */
export type Services = ReadonlyMap<string, readonly SubscriberCount[]>;

export interface CastMember {
  readonly titleId: string;
  readonly performerId: string;
  readonly name?: string;
  /**
   * The performer's total applicable minimum, an amount fixed residuals on TAM are a percentage
   * of: kept as a row's gross is (a scaled integer), as it is only ever multiplied, by few rows.
   */
  readonly tam?: Scaled;
  readonly units?: Dec;
}

/**
 * A cast record of a title that was rejected: what its performer is owed is unknown, so the
 * title's pools are not shared among the others (they would take that performer's share).
 */
export interface RejectedCastRecord {
  readonly titleId: string;
  readonly rejected: { readonly file: string; readonly record: number; readonly line: number };
}

export type Catalogue = ReadonlyMap<string, Title>;
/** One title's cast rows, in cast-file order; where one of its cast records is rejected, the first of them comes first. */
export type CastRecords = readonly (CastMember | RejectedCastRecord)[];

/** Cast rows per title id. */
export type CastList = ReadonlyMap<string, CastRecords>;

export function isRejectedCast(member: CastMember | RejectedCastRecord | undefined): member is RejectedCastRecord {
  return member !== undefined && "rejected" in member;
}

/**
 * Inputs beside the catalogue and the ledger that a rule kind may look figures up in (a
 * services file, say): the calculator hands them to every kind's compute step as given. Each
 * is optional; a kind that needs one it was not given says what is missing in an incomplete line.
 */
export interface Lookups {
  /** Subscriber counts per service (the services file; the success bonus). */
  readonly services?: Services;
}

export const NO_LOOKUPS: Lookups = {};
