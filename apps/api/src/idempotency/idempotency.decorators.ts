import { SetMetadata } from '@nestjs/common';

export const IDEMPOTENCY_EXEMPT_KEY = 'booking:idempotency-exempt';

/**
 * A POST that does not take an Idempotency-Key: its answer is a credential (sign-in), which must never
 * be stored for replay. Every other POST accepts one.
 */
export const NoIdempotencyKey = () => SetMetadata(IDEMPOTENCY_EXEMPT_KEY, true);
