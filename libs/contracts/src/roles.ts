/** Roles a person can hold inside one business. Order matters: later roles include earlier ones. */
export const BUSINESS_ROLES = ['staff', 'owner'] as const;
export type BusinessRole = (typeof BUSINESS_ROLES)[number];

/** `operator` is platform staff; `business` users only act through memberships. */
export const USER_KINDS = ['operator', 'business'] as const;
export type UserKind = (typeof USER_KINDS)[number];

export function isBusinessRole(value: unknown): value is BusinessRole {
  return typeof value === 'string' && (BUSINESS_ROLES as readonly string[]).includes(value);
}

/** True when `role` grants at least what `minRole` grants (owner ⊇ staff). */
export function roleAtLeast(role: BusinessRole, minRole: BusinessRole): boolean {
  return BUSINESS_ROLES.indexOf(role) >= BUSINESS_ROLES.indexOf(minRole);
}
