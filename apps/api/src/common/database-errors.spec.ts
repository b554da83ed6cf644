import { QueryFailedError } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { isConnectionFailure, isDatabaseUnavailable, isDeadlock, isExclusionViolation, isUniqueViolation, retryDeadlocks } from './database-errors.js';
import { toProblem } from './problem.js';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });
const wrapped = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

describe('database error classes', () => {
  it.each([
    ['refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['reset', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['terminated', new Error('Connection terminated unexpectedly')],
    ['connect timeout', new Error('Connection terminated due to connection timeout')],
    ['pool wait timeout', new Error('timeout exceeded when trying to connect')],
    ['silent server', new Error('Query read timeout')],
    ['admin shutdown (57P01)', pgError('57P01', 'terminating connection due to administrator command')],
    ['starting up (57P03)', pgError('57P03', 'the database system is starting up')],
    ['connection exception (08006)', pgError('08006')],
    ['wrapped by TypeORM', wrapped(pgError('57P01'))],
  ])('%s is a connection failure: 503 with Retry-After', (_name, err) => {
    expect(isConnectionFailure(err)).toBe(true);
    const { problem, headers, unexpected } = toProblem(err);
    expect(problem).toMatchObject({ status: 503, code: 'service_unavailable' });
    expect(headers).toEqual({ 'retry-after': '5' });
    expect(unexpected).toBe(false);
  });

  it('a statement timeout is "unavailable" too, but not a lost connection', () => {
    const err = wrapped(pgError('57014', 'canceling statement due to statement timeout'));
    expect(isConnectionFailure(err)).toBe(false);
    expect(isDatabaseUnavailable(err)).toBe(true);
    expect(toProblem(err).problem.status).toBe(503);
  });

  it('constraint violations keep their own meaning', () => {
    expect(isUniqueViolation(wrapped(pgError('23505')))).toBe(true);
    expect(isExclusionViolation(wrapped(pgError('23P01')))).toBe(true);
    expect(isConnectionFailure(wrapped(pgError('23505')))).toBe(false);
    expect(toProblem(wrapped(pgError('23P01'))).problem.code).toBe('slot_taken');
    expect(toProblem(wrapped(pgError('23505'))).problem.code).toBe('conflict');
  });

  it('a bug is still a 500', () => {
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(toProblem(wrapped(pgError('42703', 'column "nope" does not exist')))).toMatchObject({ problem: { status: 500 }, unexpected: true });
  });
});

describe('retryDeadlocks', () => {
  const deadlock = () => wrapped(pgError('40P01', 'deadlock detected'));

  it('runs the whole transaction again when it was a deadlock victim, and answers what the retry answers', async () => {
    let runs = 0;
    const result = await retryDeadlocks(async () => {
      runs++;
      if (runs < 3) throw deadlock();
      return 'booked';
    });
    expect(result).toBe('booked');
    expect(runs).toBe(3);
    expect(isDeadlock(deadlock())).toBe(true);
  });

  it('gives up after the attempts it was given, with the deadlock itself', async () => {
    let runs = 0;
    await expect(
      retryDeadlocks(async () => {
        runs++;
        throw deadlock();
      }, 2),
    ).rejects.toSatisfy(isDeadlock);
    expect(runs).toBe(2);
  });

  it('never retries anything else: a conflict is answered at once', async () => {
    let runs = 0;
    await expect(
      retryDeadlocks(async () => {
        runs++;
        throw wrapped(pgError('23P01', 'conflicting key value violates exclusion constraint'));
      }),
    ).rejects.toSatisfy(isExclusionViolation);
    expect(runs).toBe(1);
  });
});
