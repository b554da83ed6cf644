import { Transform } from 'class-transformer';
import { ValidateIf } from 'class-validator';

/** May be left out, but when present must pass the other validators (null included: it is refused). */
export const OptionalNotNull = () => ValidateIf((_object, value) => value !== undefined);

/** Surrounding whitespace is not part of a name, an e-mail or a phone number. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** For optional text a form may send empty: trimmed, and '' becomes null (cleared). */
export const TrimToNull = () =>
  Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  });
