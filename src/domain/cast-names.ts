import { isRejectedCast, type CastList, type CastMember, type RejectedCastRecord } from "./inputs.js";

/**
 * Performers' names as the cast file gives them, looked up in the cast already read: nothing is
 * kept per row or per line. A title's lines come in its cast's order, so each search starts
 * after the performer last found, and a row's lines find theirs at the first try.
 */
export class CastNames {
  private titleId: string | undefined;
  private members: readonly (CastMember | RejectedCastRecord)[] = [];
  private next = 0;

  constructor(private readonly cast: CastList | undefined) {}

  /** The name of `performerId` in `titleId`'s cast; undefined where the cast has none. */
  nameOf(titleId: string, performerId: string | undefined): string | undefined {
    if (performerId === undefined || this.cast === undefined) return undefined;
    if (titleId !== this.titleId) {
      this.titleId = titleId;
      this.members = this.cast.get(titleId) ?? [];
      this.next = 0;
    }
    const members = this.members;
    for (let tried = 0; tried < members.length; tried++) {
      const at = (this.next + tried) % members.length;
      const member = members[at];
      if (isRejectedCast(member) || member!.performerId !== performerId) continue;
      this.next = at + 1;
      return member!.name;
    }
    return undefined;
  }
}
