import { isUniqueViolation } from '../common/database-errors.js';

export { isUniqueViolation };

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
