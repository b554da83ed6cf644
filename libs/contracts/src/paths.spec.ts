import { describe, it, expect } from 'vitest';
import { businessDashboardPath, customerPath, isSlug } from './paths.js';

describe('isSlug', () => {
  it.each(['acme-hair', 'bright-dental', 'ab', 'a1', '42', 'a-b-c', 'a'.repeat(63)])('accepts %j', (value) => {
    expect(isSlug(value)).toBe(true);
  });

  it.each([
    '',
    'a',
    'a'.repeat(64),
    '-acme',
    'acme-',
    'acme--hair',
    'Acme',
    'ACME-HAIR',
    'acme_hair',
    'acme.hair',
    'acme/hair',
    'acme hair',
    'acme-hair\n',
    'acme-h\u0430ir',
    '..',
    undefined,
    null,
    42,
    {},
    ['acme-hair'],
  ])('refuses %j', (value) => {
    expect(isSlug(value)).toBe(false);
  });
});

describe('path builders', () => {
  it('build paths inside the business admin', () => {
    expect(businessDashboardPath('acme-hair')).toBe('/b/acme-hair/dashboard');
    expect(customerPath('acme-hair', 'c1')).toBe('/b/acme-hair/customers/c1');
  });
});
