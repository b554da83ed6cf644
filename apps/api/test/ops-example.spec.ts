import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImpersonationStory } from '../../../examples/ops/impersonation-story.ts';
import { DEMO_LOGINS, startTestApp, type TestApp } from './harness.js';

/**
 * The ops example (examples/ops/impersonation-story.ts) end to end against the running app, over
 * real HTTP on a port, through the generated typed client. Its responses pass the contract check
 * like every other.
 */
let t: TestApp;
let baseUrl: string;

beforeAll(async () => {
  t = await startTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
});
afterAll(() => t.close());

describe('examples/ops/impersonation-story.ts', () => {
  it('signs in with a token, impersonates with a reason, books, exits and reads the audit story of that impersonation', async () => {
    const lines: string[] = [];
    const reason = `Ticket OPS-${Date.now()}: add a customer and book them`;
    const story = await runImpersonationStory({ baseUrl, ...DEMO_LOGINS.operator, businessSlug: 'acme-hair', reason, log: (l) => lines.push(l) });

    expect(story.business.slug).toBe('acme-hair');
    expect(story.impersonation.reason).toBe(reason);
    expect(story.booking.customer.id).toBe(story.customer.id);
    expect(story.booking.createdInImpersonation).toBe(story.impersonation.id);

    const operatorId = (await t.db.query(`SELECT id FROM users WHERE email = $1`, [DEMO_LOGINS.operator.email]))[0].id;
    expect(story.events.every((e) => e.impersonationId === story.impersonation.id && e.actor?.id === operatorId)).toBe(true);
    const actions = story.events.map((e) => e.action);
    expect(actions[0]).toBe('impersonation.start');
    expect(actions).toContain('customer.create');
    expect(actions.at(-1)).toMatch(/^impersonation\.(end|exit)/);
    const created = story.events.filter((e) => e.action === 'booking.create' && e.outcome === 'success');
    expect(created.map((e) => e.targetId)).toEqual([story.booking.id]);
    expect(actions.indexOf('customer.create')).toBeLessThan(actions.indexOf('booking.create'));

    // The impersonation really ended, and the owner's access log shows the visit with its reason.
    const [row] = await t.db.query(`SELECT ended_at, end_reason FROM impersonations WHERE id = $1`, [story.impersonation.id]);
    expect(row.end_reason).toBe('exit');
    expect(lines.join('\n')).toContain(`audit story of impersonation ${story.impersonation.id}`);
  });
});
