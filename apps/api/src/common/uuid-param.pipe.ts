import type { PipeTransform } from '@nestjs/common';
import { notFound } from './domain-error.js';
import { UUID_PATTERN } from './uuid.js';

// Upper-case hex names the same row to PostgreSQL, so it is accepted here.
const UUID = new RegExp(UUID_PATTERN.source, 'i');

/**
 * An id in a path that is not even a UUID names nothing: 404 `not_found`, the same answer as for an
 * id of another business, so a malformed id neither reaches SQL (a 500) nor tells the two apart.
 */
export class UuidParam implements PipeTransform<string, string> {
  constructor(private readonly what: string) {}

  transform(value: string): string {
    if (typeof value !== 'string' || !UUID.test(value)) throw notFound(this.what);
    return value.toLowerCase();
  }
}
