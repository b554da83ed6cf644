import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/app-config.js';
import { MigrationFailedError } from '../database/data-source.js';
import { DataDirInUseError } from '../database/embedded-store.js';
import { classifyBootError, redactUrl } from './boot-errors.js';

const config = { databaseUrl: 'postgres://app:s3cret@db.internal:5432/booking', port: 3000, host: '0.0.0.0', dataDir: '/app/data' };
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('boot error classification', () => {
  it.each([
    ['a missing database', pgError('3D000', 'database "booking" does not exist'), /DATABASE_URL=.* names a database that does not exist/],
    ['a missing role', pgError('28000', 'role "app" does not exist'), /DATABASE_URL=.*refuses this role/],
    ['a wrong password', pgError('28P01', 'password authentication failed for user "app"'), /the password was rejected/],
    [
      'a half-applied migration',
      new MigrationFailedError('AddThings1765300000000', pgError('42P07', 'relation "things" already exists')),
      /migration failed.*half-applied/,
    ],
    ['a port in use', Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE', syscall: 'listen' }), /PORT=3000 is already in use on HOST=0.0.0.0/],
    [
      'an unwritable DATA_DIR',
      Object.assign(new Error("EACCES: permission denied, mkdir '/app/data'"), { code: 'EACCES', syscall: 'mkdir' }),
      /DATA_DIR=\/app\/data is not writable/,
    ],
    ['a DATA_DIR in use', new DataDirInUseError('/app/data'), /DATA_DIR=\/app\/data is in use by another process/],
    ['a bad setting', new ConfigError('PORT must be a whole number'), /Configuration error: PORT/],
  ])('%s stops at once with one line naming the setting', (_name, err, line) => {
    const verdict = classifyBootError(err, config);
    expect(verdict.permanent).toBe(true);
    expect(verdict.line).toMatch(line);
    expect(verdict.line).not.toContain('\n');
    expect(verdict.line).not.toContain('s3cret');
  });

  it.each([
    ['refused', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['starting up', pgError('57P03', 'the database system is starting up')],
    ['silent', new Error('Connection terminated due to connection timeout')],
    ['name not resolvable yet', Object.assign(new Error('getaddrinfo ENOTFOUND db.internal'), { code: 'ENOTFOUND' })],
  ])('%s is retried until the boot deadline', (_name, err) => {
    const verdict = classifyBootError(err, config);
    expect(verdict.permanent).toBe(false);
    expect(verdict.line).not.toContain('s3cret');
  });

  it('never prints the password of DATABASE_URL', () => {
    expect(redactUrl(config.databaseUrl)).toBe('postgres://app@db.internal:5432/booking');
  });
});
