/** Exit codes (documented in the README): scripts depend on them. */
export const EXIT = {
  ok: 0,
  /** A file could not be used: unreadable, invalid contract, missing required column. */
  fileError: 1,
  /** The command line itself is wrong. */
  usage: 2,
  /** Finished, but some input rows were rejected. */
  rejected: 3,
  /** A bug: the program failed in a way it does not know how to explain (EX_SOFTWARE of sysexits.h). */
  internal: 70,
} as const;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
