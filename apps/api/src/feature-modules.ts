import type { Type } from '@nestjs/common';

/** The business feature modules (businesses, bookings, operator), registered in AppModule. */
export const FEATURE_MODULES: Type[] = [];
