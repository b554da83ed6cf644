import { describe, it, expect } from 'vitest';
import { BUSINESS_ROLES, isBusinessRole, roleAtLeast } from './roles.js';

describe('roleAtLeast', () => {
  it.each([
    ['owner', 'owner', true],
    ['owner', 'staff', true],
    ['staff', 'staff', true],
    ['staff', 'owner', false],
  ] as const)('%s at least %s → %s', (role, min, expected) => {
    expect(roleAtLeast(role, min)).toBe(expected);
  });
});

describe('isBusinessRole', () => {
  it.each(BUSINESS_ROLES)('accepts %j', (role) => {
    expect(isBusinessRole(role)).toBe(true);
  });

  it.each(['Owner', 'STAFF', 'operator', 'admin', '', ' owner', 'owner ', undefined, null, 0, {}, ['owner']])('refuses %j', (value) => {
    expect(isBusinessRole(value)).toBe(false);
  });
});
