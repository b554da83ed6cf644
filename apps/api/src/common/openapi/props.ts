import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';

/**
 * Property decorators for response classes, so a class reads like the contracts interface it
 * implements. Every property of a response is required (present, possibly null): the admin and
 * scripts read `x.notes === null`, never `x.notes === undefined`.
 */
type Extra = Omit<ApiPropertyOptions, 'type' | 'nullable' | 'required'>;
const nullable = (schema: ApiPropertyOptions, isNull: boolean): ApiPropertyOptions => (isNull ? { ...schema, nullable: true } : schema);

export const Prop = {
  string: (extra: Extra = {}) => ApiProperty({ type: String, ...extra } as ApiPropertyOptions),
  stringOrNull: (extra: Extra = {}) => ApiProperty(nullable({ type: String, ...extra } as ApiPropertyOptions, true)),
  uuid: (extra: Extra = {}) => ApiProperty({ type: String, format: 'uuid', ...extra } as ApiPropertyOptions),
  uuidOrNull: (extra: Extra = {}) => ApiProperty(nullable({ type: String, format: 'uuid', ...extra } as ApiPropertyOptions, true)),
  /** ISO 8601 with an offset or Z. */
  dateTime: (extra: Extra = {}) => ApiProperty({ type: String, format: 'date-time', ...extra } as ApiPropertyOptions),
  dateTimeOrNull: (extra: Extra = {}) => ApiProperty(nullable({ type: String, format: 'date-time', ...extra } as ApiPropertyOptions, true)),
  /** A local calendar date, YYYY-MM-DD. */
  date: (extra: Extra = {}) => ApiProperty({ type: String, format: 'date', ...extra } as ApiPropertyOptions),
  int: (extra: Extra = {}) => ApiProperty({ type: 'integer', ...extra } as ApiPropertyOptions),
  intOrNull: (extra: Extra = {}) => ApiProperty(nullable({ type: 'integer', ...extra } as ApiPropertyOptions, true)),
  boolean: (extra: Extra = {}) => ApiProperty({ type: Boolean, ...extra } as ApiPropertyOptions),
  enum: (values: readonly string[], extra: Extra & { enumName?: string } = {}) => ApiProperty({ enum: [...values], ...extra } as ApiPropertyOptions),
  enumOrNull: (values: readonly string[], extra: Extra & { enumName?: string } = {}) =>
    ApiProperty({ enum: [...values], nullable: true, ...extra } as ApiPropertyOptions),
  // Nested response classes are passed as thunks (a class may be declared later in the file). @nestjs/swagger
  // recognises a lazy type only by its function name `type`, which an arrow gets from the property it is written in.
  /** A nested response class. */
  object: (cls: () => Function, extra: Extra = {}) => ApiProperty({ type: () => cls(), ...extra } as ApiPropertyOptions),
  objectOrNull: (cls: () => Function, extra: Extra = {}) => ApiProperty({ type: () => cls(), nullable: true, ...extra } as ApiPropertyOptions),
  array: (cls: () => Function, extra: Extra = {}) => ApiProperty({ type: () => cls(), isArray: true, ...extra } as ApiPropertyOptions),
  stringArray: (extra: Extra = {}) => ApiProperty({ type: String, isArray: true, ...extra } as ApiPropertyOptions),
};

/**
 * Compile-time proof that a response class and the contracts interface it stands for have the same
 * fields: `implements` alone would let the class (and so the OpenAPI document) grow a field the
 * admin's type does not know. Use as `type _ = SameShape<BookingViewDoc, BookingView>;`, which
 * fails to compile when the two drift.
 */
export type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export type Assert<T extends true> = T;
