import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const RUN_TS = fileURLToPath(new URL('./run-ts.mjs', import.meta.url));

/** A real API process (or CLI command) started from the TypeScript sources, with its output kept. */
export interface Child {
  process: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** When the module graph was loaded (epoch ms): what comes after is the entry point's own work. */
  loadedAt: () => Promise<number>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  kill: () => void;
}

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export function startChild(entry: string, args: string[], env: Record<string, string>, stdin?: string): Child {
  const child = spawn(process.execPath, [RUN_TS, entry, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'test', LOG_LEVEL: 'info', LOG_FORMAT: 'json', ...env },
    stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (stdin !== undefined) child.stdin!.end(stdin);
  children.add(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal, at: Date.now() });
    }),
  );
  return {
    process: child,
    stdout: () => out,
    stderr: () => err,
    loadedAt: async () => {
      for (let i = 0; i < 1200; i++) {
        const m = /run-ts: loaded (\d+)/.exec(err);
        if (m) return Number(m[1]);
        if (child.exitCode !== null) throw new Error(`child exited before loading: ${err}`);
        await sleep(100);
      }
      throw new Error('child did not load within 120 s');
    },
    exited,
    kill: () => child.kill('SIGKILL'),
  };
}

/** Polls GET url until it answers 200 (or the child exits, or the deadline passes). */
export async function waitForHealthy(child: Child, url: string, deadlineMs = 120_000): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < deadlineMs) {
    if (child.process.exitCode !== null) throw new Error(`app exited (${child.process.exitCode}): ${child.stderr().slice(-2000)}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await sleep(200);
  }
  throw new Error(`app not healthy within ${deadlineMs} ms: ${child.stderr().slice(-2000)}`);
}
