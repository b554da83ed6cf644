import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './app-config.js';

const base = { NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(40), DATA_DIR: '/tmp/cfg-test' };

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig(base);
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: null, impersonationTtlMinutes: 60, impersonationIdleMinutes: 15, demoSeed: true });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT must be between/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ JWT_SECRET: 'short' }, /at least 32/],
    [{ IMPERSONATION_TTL_MINUTES: '10', IMPERSONATION_IDLE_MINUTES: '20' }, /must not exceed/],
    [{ COOKIE_SECURE: 'maybe' }, /COOKIE_SECURE must be true or false/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV/],
    [{ ALLOWED_ORIGINS: 'evil.com/path' }, /ALLOWED_ORIGINS/],
    [{ TRUST_PROXY: 'true' }, /TRUST_PROXY .*every hop/],
    [{ TRUST_PROXY: '*' }, /TRUST_PROXY/],
    [{ TRUST_PROXY: '0.0.0.0/0' }, /TRUST_PROXY entry "0.0.0.0\/0"/],
    [{ TRUST_PROXY: '10.0.0.1,example.com' }, /TRUST_PROXY entry "example.com"/],
    [{ TRUST_PROXY: '11' }, /TRUST_PROXY hop count/],
    [{ LOGIN_MAX_FAILURES_PER_PAIR: '0' }, /LOGIN_MAX_FAILURES_PER_PAIR/],
    [{ DB_STATEMENT_TIMEOUT_MS: '5s' }, /DB_STATEMENT_TIMEOUT_MS must be a whole number/],
    [{ DB_CONNECT_TIMEOUT_MS: '10' }, /DB_CONNECT_TIMEOUT_MS must be between/],
    [{ DB_STATEMENT_TIMEOUT_MS: '20000', REQUEST_TIMEOUT_MS: '10000' }, /REQUEST_TIMEOUT_MS \(10000\) must be greater than DB_STATEMENT_TIMEOUT_MS/],
    [{ SHUTDOWN_TIMEOUT_MS: '-1' }, /SHUTDOWN_TIMEOUT_MS/],
    [{ BOOT_TIMEOUT_MS: '999999999' }, /BOOT_TIMEOUT_MS must be between/],
    [{ SMTP_URL: 'http://mail.example.com' }, /SMTP_URL/],
    [{ SMTP_URL: 'smtp://' }, /SMTP_URL/],
    [{ MAIL_FROM: 'not an address' }, /MAIL_FROM/],
    [{ MAIL_FROM: 'Evil\r\nBcc: x <a@b.test>' }, /MAIL_FROM/],
    [{ PUBLIC_URL: 'ftp://x' }, /PUBLIC_URL/],
    [{ SUPPORT_ACCESS: 'sometimes' }, /SUPPORT_ACCESS/],
    [{ SUPPORT_BREAK_GLASS: 'true' }, /SUPPORT_BREAK_GLASS=true needs SUPPORT_ACCESS=granted/],
    [{ SUPPORT_ACCESS: 'open', SUPPORT_BREAK_GLASS: 'true' }, /SUPPORT_BREAK_GLASS=true needs SUPPORT_ACCESS=granted/],
    [{ SUPPORT_ACCESS: 'granted', SUPPORT_BREAK_GLASS: 'sometimes' }, /SUPPORT_BREAK_GLASS must be true or false/],
    [{ SUPPORT_ACCESS_REQUEST_INTERVAL_MINUTES: '-5' }, /SUPPORT_ACCESS_REQUEST_INTERVAL_MINUTES/],
    [{ OUTBOX_LEASE_SECONDS: '1' }, /OUTBOX_LEASE_SECONDS/],
    [{ BOOKING_REMINDER_HOURS: '1.5' }, /BOOKING_REMINDER_HOURS must be a whole number/],
    [{ BOOKING_REMINDER_HOURS: '400' }, /BOOKING_REMINDER_HOURS must be between 0 and 336/],
    [{ MIGRATION_DATABASE_URL: 'postgres://owner@db/booking' }, /MIGRATION_DATABASE_URL needs DATABASE_URL/],
    [{ DATABASE_URL: 'postgres://app@db/booking', MIGRATION_DATABASE_URL: 'mysql://owner@db/booking' }, /MIGRATION_DATABASE_URL must be a postgres/],
  ])('refuses %o with a message naming the variable', (env, message) => {
    expect(() => loadConfig({ ...base, ...env })).toThrowError(ConfigError);
    expect(() => loadConfig({ ...base, ...env })).toThrowError(message);
  });

  it('bounds every wait between the app and its database by default', () => {
    expect(loadConfig(base).timeouts).toEqual({
      dbConnectMs: 5000,
      dbStatementMs: 5000,
      dbIdleInTransactionMs: 10_000,
      requestMs: 10_000,
      healthMs: 2000,
      bootMs: 120_000,
      shutdownMs: 8000,
    });
    // Below Docker's default 10 s stop grace, so the process exits by itself instead of being killed.
    expect(loadConfig(base).timeouts.shutdownMs).toBeLessThan(10_000);
  });

  it('reminds customers 24 hours ahead by default; 0 turns reminders off', () => {
    expect(loadConfig(base).bookingReminderHours).toBe(24);
    expect(loadConfig({ ...base, BOOKING_REMINDER_HOURS: '0' }).bookingReminderHours).toBe(0);
    expect(loadConfig({ ...base, BOOKING_REMINDER_HOURS: '48' }).bookingReminderHours).toBe(48);
  });

  it('reads the mail settings', () => {
    expect(loadConfig({ ...base, SMTP_URL: 'smtp://user:pw@mail.example.com:587', MAIL_FROM: 'Acme Bookings <bookings@example.com>' })).toMatchObject({
      smtpUrl: 'smtp://user:pw@mail.example.com:587',
      mailFrom: { name: 'Acme Bookings', address: 'bookings@example.com' },
      supportAccess: 'open',
    });
    expect(loadConfig(base)).toMatchObject({ smtpUrl: null, mailFrom: { name: null, address: 'no-reply@localhost' }, outboxWorker: false });
    expect(loadConfig({ ...base, NODE_ENV: 'development' }).outboxWorker).toBe(true);
  });

  it('keeps DATABASE_URL as the app role and MIGRATION_DATABASE_URL as the owner, one role by default', () => {
    expect(loadConfig({ ...base, DATABASE_URL: 'postgres://app@db/booking' }).migrationDatabaseUrl).toBeNull();
    expect(loadConfig({ ...base, DATABASE_URL: 'postgres://app@db/booking', MIGRATION_DATABASE_URL: 'postgres://owner@db/booking' })).toMatchObject({
      databaseUrl: 'postgres://app@db/booking',
      migrationDatabaseUrl: 'postgres://owner@db/booking',
    });
  });

  it('reads the support-access settings: open by default, granted with or without break-glass', () => {
    expect(loadConfig(base)).toMatchObject({ supportAccess: 'open', supportBreakGlass: false, supportAccessRequestIntervalMinutes: 60 });
    expect(loadConfig({ ...base, SUPPORT_ACCESS_REQUEST_INTERVAL_MINUTES: '0' }).supportAccessRequestIntervalMinutes).toBe(0);
    expect(loadConfig({ ...base, SUPPORT_ACCESS: 'granted' })).toMatchObject({ supportAccess: 'granted', supportBreakGlass: false });
    expect(loadConfig({ ...base, SUPPORT_ACCESS: 'granted', SUPPORT_BREAK_GLASS: 'true' })).toMatchObject({
      supportAccess: 'granted',
      supportBreakGlass: true,
    });
  });

  it('requires JWT_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: '/tmp/cfg-test' })).toThrowError(/JWT_SECRET is required/);
  });

  it('secures cookies and skips the demo seed in production', () => {
    const c = loadConfig({ ...base, NODE_ENV: 'production', DATABASE_URL: 'postgres://x@y/z' });
    expect(c.cookieSecure).toBe(true);
    expect(c.demoSeed).toBe(false);
  });

  it('takes trusted proxies as addresses/CIDRs or a hop count, none by default', () => {
    expect(loadConfig(base).trustProxy).toBe(false);
    expect(loadConfig({ ...base, TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ ...base, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ ...base, TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1,loopback' }).trustProxy).toEqual(['10.0.0.5', '10.1.0.0/16', '::1', 'loopback']);
  });
});
