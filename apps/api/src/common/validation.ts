import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError } from './domain-error.js';

function flatten(errors: ValidationError[], parent = ''): { field: string; messages: string[] }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Bodies and queries are checked against their DTO classes; unknown properties are refused
 * (no mass assignment of businessId, createdBy, status…). Failures are 400 `validation_failed`
 * with one message list per field.
 */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const list = flatten(errors);
      const detail = list.map((e) => `${e.field}: ${e.messages.join(', ')}`).join('; ') || 'The request is not valid';
      return new DomainError(400, 'validation_failed', detail, { errors: list });
    },
  });
}
