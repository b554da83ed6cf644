import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TeamMemberView } from '#contracts';
import { addTeamMember, DEMO_LOGINS, oneTimeToken, signIn, startTestApp, unique, type CookieSession, type TestApp, createBusiness } from './harness.js';

let t: TestApp;
let op: CookieSession;
beforeAll(async () => {
  t = await startTestApp();
  op = await signIn(t, DEMO_LOGINS.operator);
});
afterAll(() => t.close());

/** A fresh business with its owner signed in. */
async function freshBusiness() {
  const slug = unique('team');
  const login = { email: `owner@${slug}.example.test`, password: 'owner-password' };
  const biz = await createBusiness(t, op, { name: `Team ${slug}`, slug, timeZone: 'Europe/Paris', owner: { name: 'Zed Owner', ...login } });
  const owner = await signIn(t, login);
  return { biz, slug, owner, ownerId: biz.owner.id as string, team: `/api/businesses/${biz.id}/team` };
}

const auditRows = (action: string, targetId: string) =>
  t.db.query(`SELECT actor_id, business_id, outcome, changes, details FROM audit_events WHERE action = $1 AND target_id = $2`, [action, targetId]);

describe('team', () => {
  it('the owner invites a member, who accepts with their own password, signs in and sees the membership; audit rows without the password', async () => {
    const { biz, slug, owner, team, ownerId } = await freshBusiness();
    const invite = { name: 'Amy Assistant', email: `Amy@${slug}.example.test`, role: 'staff' as const, password: 'assistant-pass' };
    const res = await owner.post(team, { name: invite.name, email: invite.email, role: invite.role }).expect(201);
    expect(res.body).toMatchObject({ name: 'Amy Assistant', email: `amy@${slug}.example.test`, role: 'staff', expired: false });
    expect(JSON.stringify(res.body)).not.toMatch(/password|hash|token/i);
    // Invited, not yet a member: nobody has an account for the address until they accept.
    expect(((await owner.get(team).expect(200)).body as TeamMemberView[]).map((m) => m.name)).toEqual(['Zed Owner']);
    expect((await owner.get(`${team}/invitations`).expect(200)).body.map((i: { email: string }) => i.email)).toEqual([`amy@${slug}.example.test`]);
    expect(await t.db.query(`SELECT 1 FROM users WHERE email = $1`, [`amy@${slug}.example.test`])).toHaveLength(0);
    const invitationAudit = await auditRows('team.invite', res.body.id);
    expect(invitationAudit).toHaveLength(1);
    expect(invitationAudit[0]).toMatchObject({ actor_id: owner.userId, business_id: biz.id, outcome: 'success' });

    const token = await oneTimeToken(t, invite.email, 'team.invite');
    await t.http().post('/api/team-invitations/accept').send({ token, password: invite.password }).expect(200);
    const [member] = await t.db.query(`SELECT id AS "userId" FROM users WHERE email = $1`, [invite.email.toLowerCase()]);
    const list: TeamMemberView[] = (await owner.get(team).expect(200)).body;
    expect(list.map((m) => [m.name, m.role])).toEqual([
      ['Zed Owner', 'owner'],
      ['Amy Assistant', 'staff'],
    ]);
    expect(list[0]!.userId).toBe(ownerId);
    expect((await owner.get(`${team}/invitations`).expect(200)).body).toEqual([]);

    const amy = await signIn(t, { email: invite.email.toLowerCase(), password: invite.password });
    const me = (await amy.get('/api/auth/me').expect(200)).body;
    expect(me.memberships).toEqual([expect.objectContaining({ role: 'staff', business: expect.objectContaining({ id: biz.id }) })]);
    // Staff cannot see or change the team.
    expect((await amy.get(team).expect(403)).body.code).toBe('owner_required');
    expect((await amy.post(team, { name: 'X', email: `x@${slug}.example.test`, role: 'staff' }).expect(403)).body.code).toBe('owner_required');
    expect((await amy.patch(`${team}/${member.userId}`, { role: 'owner' }).expect(403)).body.code).toBe('owner_required');

    const accepted = await auditRows('team.invitation.accept', member.userId);
    expect(accepted).toHaveLength(1);
    expect(accepted[0]).toMatchObject({ actor_id: member.userId, business_id: biz.id, outcome: 'success' });
    expect(JSON.stringify([...invitationAudit, ...accepted])).not.toContain(invite.password);
  });

  it('refuses a password in the invite (owners never type one), a member already in the team, and unknown fields (400)', async () => {
    const { owner, team, slug } = await freshBusiness();
    const typed = await owner.post(team, { name: 'Typed', email: `typed@${slug}.example.test`, role: 'staff', password: 'long-enough' }).expect(400);
    expect(typed.body.code).toBe('validation_failed');
    const self = await owner.post(team, { name: 'Me again', email: `owner@${slug}.example.test`, role: 'staff' }).expect(409);
    expect(self.body.code).toBe('already_member');
    const badRole = await owner.post(team, { name: 'Role', email: `role@${slug}.example.test`, role: 'operator' }).expect(400);
    expect(badRole.body.errors.map((e: { field: string }) => e.field)).toEqual(['role']);
    const extra = await owner
      .post(team, { name: 'Extra', email: `extra@${slug}.example.test`, role: 'staff', businessId: '00000000-0000-4000-8000-000000000000' })
      .expect(400);
    expect(extra.body.code).toBe('validation_failed');
  });

  it('changes a role and removes a member, one audit row each', async () => {
    const { owner, team, slug, biz } = await freshBusiness();
    const member = await addTeamMember(t, owner, biz.id, { name: 'Bo Staff', email: `bo@${slug}.example.test`, role: 'staff', password: 'bo-password' });
    const promoted = await owner.patch(`${team}/${member.userId}`, { role: 'owner' }).expect(200);
    expect(promoted.body).toMatchObject({ userId: member.userId, role: 'owner', name: 'Bo Staff' });
    const update = await auditRows('team.update', member.userId);
    expect(update).toHaveLength(1);
    expect(update[0]).toMatchObject({ actor_id: owner.userId, business_id: biz.id, changes: { role: { before: 'staff', after: 'owner' } } });

    expect((await owner.patch(`${team}/${member.userId}`, { role: 'boss' }).expect(400)).body.code).toBe('validation_failed');

    const bo = await signIn(t, { email: `bo@${slug}.example.test`, password: 'bo-password' });
    await bo.get(team).expect(200);
    await owner.delete(`${team}/${member.userId}`).expect(204);
    expect(((await owner.get(team).expect(200)).body as TeamMemberView[]).map((m) => m.userId)).not.toContain(member.userId);
    const removed = await auditRows('team.remove', member.userId);
    expect(removed).toHaveLength(1);
    expect(removed[0]).toMatchObject({ actor_id: owner.userId, changes: { role: { before: 'owner', after: null } } });
    // Access ends at once; it was Bo's only business, so the account is closed and signed out everywhere.
    expect((await bo.get(team).expect(401)).body.code).toBe('session_revoked');
    expect(removed[0].details).toEqual({ accountClosed: true });
    await owner.delete(`${team}/${member.userId}`).expect(404);
  });

  it('the last owner can neither be demoted nor removed (409 last_owner); with a second owner both work', async () => {
    const { owner, team, slug, ownerId, biz } = await freshBusiness();
    expect((await owner.patch(`${team}/${ownerId}`, { role: 'staff' }).expect(409)).body.code).toBe('last_owner');
    expect((await owner.delete(`${team}/${ownerId}`).expect(409)).body.code).toBe('last_owner');
    // Keeping the role is not a demotion.
    await owner.patch(`${team}/${ownerId}`, { role: 'owner' }).expect(200);
    expect(await auditRows('team.remove', ownerId)).toHaveLength(0);

    const second = await addTeamMember(t, owner, biz.id, {
      name: 'Second Owner',
      email: `second@${slug}.example.test`,
      role: 'owner',
      password: 'second-pass',
    });
    const secondSession = await signIn(t, { email: `second@${slug}.example.test`, password: 'second-pass' });
    await owner.patch(`${team}/${ownerId}`, { role: 'staff' }).expect(200);
    // Now the second owner is the last one, and cannot leave either.
    expect((await secondSession.delete(`${team}/${second.userId}`).expect(409)).body.code).toBe('last_owner');
    await secondSession.delete(`${team}/${ownerId}`).expect(204);
    const left: TeamMemberView[] = (await secondSession.get(team).expect(200)).body;
    expect(left.map((m) => [m.userId, m.role])).toEqual([[second.userId, 'owner']]);
  });

  it('two owners demoting each other at once: exactly one wins, one owner remains', async () => {
    const { owner, team, slug, ownerId, biz } = await freshBusiness();
    const second = await addTeamMember(t, owner, biz.id, { name: 'Racer', email: `racer@${slug}.example.test`, role: 'owner', password: 'racer-pass' });
    const racer = await signIn(t, { email: `racer@${slug}.example.test`, password: 'racer-pass' });
    const [a, b] = await Promise.all([owner.patch(`${team}/${second.userId}`, { role: 'staff' }), racer.delete(`${team}/${ownerId}`)]);
    const statuses = [a.status, b.status];
    expect(statuses.filter((s) => s === 200 || s === 204)).toHaveLength(1);
    // The loser lost on the owner count (409) or, if it arrived after, on its own demotion (403).
    expect(statuses.some((s) => s === 409 || s === 403)).toBe(true);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM memberships WHERE business_id = $1 AND role = 'owner'`, [biz.id]);
    expect(n).toBe(1);
  });

  it('a user of another business is 404 here, and staff of this business cannot be reached from another', async () => {
    const { owner, team } = await freshBusiness();
    const [{ id: acmeStaffId }] = await t.db.query(`SELECT id FROM users WHERE email = 'staff@acme-hair.demo.test'`);
    expect((await owner.patch(`${team}/${acmeStaffId}`, { role: 'owner' }).expect(404)).body.code).toBe('not_found');
    expect((await owner.delete(`${team}/${acmeStaffId}`).expect(404)).body.code).toBe('not_found');
    await owner.patch(`${team}/00000000-0000-4000-8000-000000000000`, { role: 'owner' }).expect(404);
    // The acme staff member is untouched.
    const [{ role }] = await t.db.query(
      `SELECT m.role FROM memberships m JOIN businesses b ON b.id = m.business_id WHERE b.slug = 'acme-hair' AND m.user_id = $1`,
      [acmeStaffId],
    );
    expect(role).toBe('staff');
    // And an owner of another business cannot list this team.
    const acmeOwner = await signIn(t, DEMO_LOGINS.acmeOwner);
    expect((await acmeOwner.get(team).expect(403)).body.code).toBe('forbidden');
  });
});
