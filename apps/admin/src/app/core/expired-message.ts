import { asProblem } from '../ui/problem';

/**
 * "Your impersonation of Acme Hair ended: it was idle for 15 minutes." The server names the
 * business and the limit in the problem (`business`, `limit`, `limitMinutes`).
 */
export function expiredMessage(err: unknown): string {
  const problem = asProblem(err) as (ReturnType<typeof asProblem> & { business?: { name?: string }; limit?: string; limitMinutes?: number }) | null;
  const name = problem?.business?.name;
  const minutes = problem?.limitMinutes;
  const why =
    problem?.limit === 'absolute'
      ? `it reached its ${minutes ?? ''}-minute time limit`.replace(' -minute', '')
      : problem?.limit === 'idle'
        ? `nothing happened in it for ${minutes ?? 'too many'} minutes`
        : problem?.limit === 'support_access_revoked'
          ? 'the owner revoked support access'
          : problem?.limit === 'support_access_expired'
            ? 'the support access the owner granted ran out'
            : 'it expired';
  const drafts = ' Anything you had typed is kept and offered back when you enter the business again.';
  return `${name ? `Your impersonation of ${name} ended: ${why}.` : `Your impersonation ended: ${why}.`} You are back in the operator view.${drafts}`;
}
