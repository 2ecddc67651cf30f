import type { RoleMapping } from "../estate/role-mapping.js";
import type { SeparationOfDuties } from "../estate/tier.js";
import type { Release } from "./release.js";

/** `Alice Martin <alice@x.example>` → `alice@x.example`; other text is returned trimmed. */
function authorKey(author: string): string {
  const m = /<([^<>\s]+)>\s*$/.exec(author);
  return (m ? (m[1] as string) : author).trim().toLowerCase();
}

/**
 * True when `user` wrote commits of the release: an author is the user's name, or the user's e-mail
 * in the estate (alone or git's `Name <email>`), compared without regard to case.
 */
export function isAuthor(user: string, authors: readonly string[], people: RoleMapping): boolean {
  const email = people.users.find((u) => u.name === user)?.email?.toLowerCase();
  const name = user.toLowerCase();
  return authors.some((a) => {
    const key = authorKey(a);
    return key === name || (email !== undefined && key === email);
  });
}

/**
 * Why separation of duties keeps `user` from approving the release, or undefined when it does not: the
 * requester cannot approve (unless the tier turns that off), nor, when the tier says so, can the authors
 * of its commits.
 */
export function separationOfDutiesExclusion(
  user: string,
  release: Pick<Release, "requester" | "authors">,
  sod: SeparationOfDuties,
  people: RoleMapping,
): string | undefined {
  if (sod.requesterCannotApprove && user === release.requester) return "requested the release";
  if (sod.authorsCannotApprove && isAuthor(user, release.authors, people))
    return "wrote commits in the release";
  return undefined;
}
