import { describe, it, expect } from 'vitest';
import { RETURN_TO_MAX_LENGTH, validateAppPath, validateReturnTo } from './return-to.js';
import { HOSTILE_RETURN_TO, RETURN_TO_FIXTURE_SLUG, VALID_RETURN_TO } from './return-to.fixtures.js';

const SLUG = RETURN_TO_FIXTURE_SLUG;

/** Test names show control and non-ASCII characters as escapes, and long values shortened. */
function show(value: string): string {
  const escaped = JSON.stringify(value).replace(/[^\x20-\x7e]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
  return escaped.length > 80 ? `${escaped.slice(0, 60)}…(${value.length} chars)` : escaped;
}

describe('return-to fixtures', () => {
  it('are numerous enough and free of duplicates', () => {
    expect(HOSTILE_RETURN_TO.length).toBeGreaterThanOrEqual(130);
    expect(VALID_RETURN_TO.length).toBeGreaterThanOrEqual(20);
    expect(new Set(HOSTILE_RETURN_TO.map((h) => h.value)).size).toBe(HOSTILE_RETURN_TO.length);
    expect(new Set(VALID_RETURN_TO).size).toBe(VALID_RETURN_TO.length);
  });

  it('hold valid paths at exactly the maximum length and hostile ones just over it', () => {
    expect(VALID_RETURN_TO.some((v) => v.length === RETURN_TO_MAX_LENGTH)).toBe(true);
    expect(HOSTILE_RETURN_TO.some((h) => h.value.length === RETURN_TO_MAX_LENGTH + 1)).toBe(true);
  });
});

describe('validateReturnTo', () => {
  const hostile = HOSTILE_RETURN_TO.map((h) => ({ ...h, shown: show(h.value) }));

  it.each(hostile)('refuses $why: $shown', ({ value }) => {
    const verdict = validateReturnTo(value, SLUG);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toEqual(expect.any(String));
  });

  it.each(VALID_RETURN_TO.map((value) => ({ value, shown: show(value) })))('accepts $shown unchanged', ({ value }) => {
    expect(validateReturnTo(value, SLUG)).toEqual({ ok: true, path: value });
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['an object', {}],
    ['an array', []],
    ['an array holding a valid path', ['/b/acme-hair/dashboard']],
    ['a boxed string', new String('/b/acme-hair/dashboard')],
    ['an object with toString', { toString: () => '/b/acme-hair/dashboard' }],
    ['a boolean', true],
  ])('refuses %s', (_label, value) => {
    expect(validateReturnTo(value, SLUG).ok).toBe(false);
  });

  it.each(['', 'ACME-HAIR', 'acme_hair', '-acme', 'acme-', 'a', 'acme--hair', 'acme/hair', '../acme', 'a'.repeat(64), 'acme-hair ', 'acme-h\u0430ir'])(
    'refuses everything when the slug argument %j is not a valid slug',
    (slug) => {
      for (const value of [...VALID_RETURN_TO, `/b/${slug}`, `/b/${slug}/dashboard`]) {
        expect(validateReturnTo(value, slug).ok).toBe(false);
      }
    },
  );

  it('refuses a non-string slug argument', () => {
    expect(validateReturnTo('/b/acme-hair', undefined as unknown as string).ok).toBe(false);
    expect(validateReturnTo('/b/acme-hair', null as unknown as string).ok).toBe(false);
  });

  it.each(VALID_RETURN_TO.map((value) => ({ value, shown: show(value) })))("refuses $shown when checked against another business's slug", ({ value }) => {
    expect(validateReturnTo(value, 'bright-dental').ok).toBe(false);
    expect(validateReturnTo(value, 'acme').ok).toBe(false);
    expect(validateReturnTo(value, 'acme-hair-salon').ok).toBe(false);
  });

  it("accepts the other business's own paths against its own slug", () => {
    expect(validateReturnTo('/b/bright-dental/dashboard', 'bright-dental')).toEqual({ ok: true, path: '/b/bright-dental/dashboard' });
  });
});

describe('validateAppPath', () => {
  it.each(['/operator/dashboard', '/operator/bookings?businessId=x', '/operator', '/operator/businesses', '/b/acme-hair/calendar', '/b/bright-dental'])(
    'accepts %j unchanged',
    (value) => {
      expect(validateAppPath(value)).toEqual({ ok: true, path: value });
    },
  );

  it.each([
    '//evil.com',
    '/operator/../x',
    '/login',
    'https://x',
    '/operator%2f..',
    '/operator/%2e%2e/x',
    '/operatorX',
    '/operator//evil.com',
    '/operator/\\evil.com',
    '/operator/dashboard#x',
    '/operator?next=//evil.com',
    '/b/acme-hair/../operator',
    '/b/ACME-HAIR/calendar',
    '/b/-x/calendar',
    '/b/',
    '/',
    '',
    `/operator/${'a'.repeat(RETURN_TO_MAX_LENGTH)}`,
    'javascript:alert(1)',
  ])('refuses %j', (value) => {
    expect(validateAppPath(value).ok).toBe(false);
  });

  it.each([undefined, null, 42, {}, []])('refuses the non-string %j', (value) => {
    expect(validateAppPath(value).ok).toBe(false);
  });

  // Clean in-app paths that are hostile only because they name another business (or the operator
  // area) are legitimate sign-in destinations; every other hostile fixture must fail here too.
  const cleanOtherAreaPath = /^\/(?:operator|b\/[a-z0-9]+(?:-[a-z0-9]+)*)(?:\/[A-Za-z0-9_-]+)*\/?$/;
  const hostileAnywhere = HOSTILE_RETURN_TO.filter((h) => !(h.value.length <= RETURN_TO_MAX_LENGTH && cleanOtherAreaPath.test(h.value)));

  it('keeps nearly all hostile fixtures for the app-path check', () => {
    expect(hostileAnywhere.length).toBeGreaterThan(HOSTILE_RETURN_TO.length - 15);
  });

  it.each(hostileAnywhere.map((h) => ({ ...h, shown: show(h.value) })))('refuses hostile $why: $shown', ({ value }) => {
    expect(validateAppPath(value).ok).toBe(false);
  });
});
