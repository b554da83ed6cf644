import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, chownSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

const BIN = (() => {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const version = readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
  return version ? join(root, version, 'bin') : null;
})();

/** Why fault tests with a private cluster cannot run here, or null when they can. */
export function privateClusterUnavailable(): string | null {
  if (!BIN || !existsSync(join(BIN, 'initdb'))) return 'no PostgreSQL server binaries under /usr/lib/postgresql/*/bin';
  if (process.getuid?.() !== 0) return 'starting a private PostgreSQL cluster needs root (to run it as the postgres user)';
  if (spawnSync('id', ['-u', 'postgres']).status !== 0) return 'no postgres system user';
  return null;
}

const uidOf = (name: string, flag: '-u' | '-g'): number => Number(spawnSync('id', [flag, name], { encoding: 'utf8' }).stdout.trim());

/**
 * A throw-away PostgreSQL cluster the test owns completely: it can stop it, start it again, freeze
 * it (SIGSTOP to the postmaster and every backend, as a hung host would look) and thaw it. Never the
 * shared server. Everything is removed in `destroy()`, and on process exit if a test forgot.
 */
export class PrivateCluster {
  private postmaster: ChildProcess | null = null;
  private readonly dir: string;
  private readonly uid = uidOf('postgres', '-u');
  private readonly gid = uidOf('postgres', '-g');
  private readonly onExit = () => this.killNow();

  constructor(readonly port: number) {
    this.dir = mkdtempSync(join(tmpdir(), `faults-pg-${port}-`));
    chownSync(this.dir, this.uid, this.gid);
    const init = spawnSync(
      join(BIN!, 'initdb'),
      ['-D', join(this.dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8'],
      {
        uid: this.uid,
        gid: this.gid,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
    process.once('exit', this.onExit);
  }

  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      join(BIN!, 'postgres'),
      [
        '-D',
        join(this.dir, 'data'),
        '-p',
        String(this.port),
        '-k',
        this.dir,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'fsync=off',
        '-c',
        'max_connections=60',
      ],
      { uid: this.uid, gid: this.gid, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let log = '';
    child.stderr!.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
    this.postmaster = child;
    for (let i = 0; i < 200; i++) {
      if (child.exitCode !== null) throw new Error(`postgres exited: ${log}`);
      if (await this.answers()) return;
      await sleep(100);
    }
    throw new Error(`postgres did not start on ${this.port}: ${log}`);
  }

  /** Fast shutdown (SIGINT): backends are terminated, clients see their connections end. */
  async stop(): Promise<void> {
    const child = this.postmaster;
    if (!child || child.exitCode !== null) return;
    this.thaw();
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await Promise.race([exited, sleep(15_000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
    this.postmaster = null;
  }

  /** The postmaster and every backend stop running; sockets stay open and silent. */
  freeze(): void {
    for (const pid of this.pids()) process.kill(pid, 'SIGSTOP');
  }

  thaw(): void {
    for (const pid of this.pids()) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        /* gone */
      }
    }
  }

  async createDatabase(name: string): Promise<void> {
    const client = new pg.Client({ connectionString: this.url(), connectionTimeoutMillis: 5000 });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } finally {
      await client.end();
    }
  }

  async destroy(): Promise<void> {
    await this.stop();
    process.off('exit', this.onExit);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private killNow(): void {
    this.thaw();
    this.postmaster?.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }

  private pids(): number[] {
    const root = this.postmaster?.pid;
    if (!root) return [];
    const all = [root];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === root) all.push(Number(entry));
      } catch {
        /* exited meanwhile */
      }
    }
    return all;
  }

  private async answers(): Promise<boolean> {
    const client = new pg.Client({ connectionString: this.url(), connectionTimeoutMillis: 1000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
