export * from './roles.js';
export * from './problem-codes.js';
export * from './paths.js';
export * from './return-to.js';
export type * from './dto.js';
export { BOOKING_STATUSES } from './dto.js';
export * from './time.js';
