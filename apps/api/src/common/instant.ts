import { applyDecorators } from '@nestjs/common';
import { IsString, MaxLength, ValidateBy } from 'class-validator';
import { parseInstant } from '#contracts';
import { DomainError } from './domain-error.js';

const DEFAULT_MESSAGE = '$property must be an ISO 8601 date-time with an offset or Z, e.g. 2026-05-04T09:30:00+01:00';

/**
 * The one validator for an instant in a body or a query (libs/contracts/src/instant.ts): ISO 8601
 * with an offset or Z, a real date and time. Date-only strings, local times without an offset,
 * week dates and basic format are refused with 400 `validation_failed`.
 */
export const IsInstant = (message: string = DEFAULT_MESSAGE) =>
  applyDecorators(
    IsString({ message }),
    MaxLength(40, { message }),
    ValidateBy({
      name: 'isInstant',
      validator: { validate: (value: unknown) => typeof value === 'string' && parseInstant(value) !== null, defaultMessage: () => message },
    }),
  );

/** The instant of a validated field, or 400 `validation_failed` naming it (for values read outside a DTO). */
export function instantOf(value: string, field: string): Date {
  const parsed = parseInstant(value);
  if (!parsed) {
    const message = `${field} is not a real date and time (ISO 8601 with an offset or Z)`;
    throw new DomainError(400, 'validation_failed', message, { errors: [{ field, messages: [message] }] });
  }
  return parsed;
}

/** A timestamptz as read from either driver (a Date, or its text), as a Date. */
export const instant = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));
