import 'reflect-metadata';
import { afterEach } from 'vitest';
import { drainContractViolations } from './contract.js';

// The contract test (test/contract.ts): a response that does not match the OpenAPI document fails the test that received it.
afterEach(() => {
  const violations = drainContractViolations();
  if (violations.length) throw new Error(`OpenAPI contract violated by ${violations.length} response(s):\n${violations.join('\n')}`);
});
