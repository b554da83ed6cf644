const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Methods that must not change anything. One definition for every rule that depends on it: CSRF
 * checks, read-only impersonation, and what the audit counts as a read.
 */
export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method);
}
