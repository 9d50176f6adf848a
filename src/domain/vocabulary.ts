/** The closed vocabularies of the domain (docs/io-formats.md). One list each, shared by files and engine. */
export const KINDS = ["tv", "feature", "new-media"] as const;
export type Kind = (typeof KINDS)[number];

export const MEDIA = ["ad-supported-streaming", "subscription-streaming", "rental", "electronic-sell-through"] as const;
export type Medium = (typeof MEDIA)[number];

export const MARKETS = ["network-prime-time", "network", "cable", "syndication", "theatrical", "new-media"] as const;
export type Market = (typeof MARKETS)[number];

export const CONFIDENCES = ["verified", "uncertain"] as const;
export type Confidence = (typeof CONFIDENCES)[number];

export const GUILDS = ["sag", "aftra", "sag-aftra", "wga", "dga"] as const;
export type Guild = (typeof GUILDS)[number];

/**
 * The guilds whose contracts a guild's members work under, oldest first: SAG and AFTRA merged
 * into SAG-AFTRA in 2012, so a SAG (or AFTRA) performer's contract after that is SAG-AFTRA's.
 */
export const GUILD_LINEAGE: Record<Guild, readonly Guild[]> = {
  sag: ["sag", "sag-aftra"],
  aftra: ["aftra", "sag-aftra"],
  "sag-aftra": ["sag-aftra"],
  wga: ["wga"],
  dga: ["dga"],
};

export const STATUSES = ["ratified", "offer", "scenario"] as const;
export type ContractStatus = (typeof STATUSES)[number];

/** Where a contract's fixed residuals take their applicable minimum from. */
export const FIXED_BASES = ["tam", "residual_base"] as const;
export type FixedBasis = (typeof FIXED_BASES)[number];

export const MEDIUM_LABELS: Record<Medium, string> = {
  "ad-supported-streaming": "ad-supported streaming",
  "subscription-streaming": "subscription streaming",
  rental: "rental",
  "electronic-sell-through": "EST",
};
