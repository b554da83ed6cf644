import { describe, expect, it } from 'vitest';
import { diff, redact } from './redact.js';

describe('audit changes', () => {
  it('keeps only the fields that changed, as before/after', () => {
    expect(diff({ name: 'A', phone: '1', notes: null }, { name: 'B', phone: '1', notes: null })).toEqual({ name: { before: 'A', after: 'B' } });
  });

  it('records creation and removal against null', () => {
    expect(diff(null, { name: 'New' })).toEqual({ name: { before: null, after: 'New' } });
    expect(diff({ role: 'staff' }, null)).toEqual({ role: { before: 'staff', after: null } });
  });

  it('compares dates by instant', () => {
    expect(diff({ at: new Date('2026-01-01T10:00:00Z') }, { at: new Date('2026-01-01T10:00:00.000Z') })).toBeNull();
  });

  it('never writes a secret, at any depth, even when it changed', () => {
    const changes = diff({ passwordHash: 'old', profile: { apiKey: 'k1' } }, { passwordHash: 'new', profile: { apiKey: 'k2', name: 'x' } });
    expect(changes).toEqual({
      passwordHash: { before: '[redacted]', after: '[redacted]' },
      profile: { before: { apiKey: '[redacted]' }, after: { apiKey: '[redacted]', name: 'x' } },
    });
    expect(JSON.stringify(changes)).not.toMatch(/old|new|k1|k2/);
    expect(redact({ token: 't', nested: [{ secret: 's', ok: 1 }] })).toEqual({ token: '[redacted]', nested: [{ secret: '[redacted]', ok: 1 }] });
  });
});
