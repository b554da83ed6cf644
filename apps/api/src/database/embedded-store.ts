import { chmodSync, fdatasyncSync, lstatSync, mkdirSync, readdirSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

/** DATA_DIR is held by another live process (the app, or a CLI command). */
export class DataDirInUseError extends Error {
  constructor(readonly dataDir: string) {
    super(
      `DATA_DIR=${dataDir} is in use by another process (the app or a CLI command): stop it first, or use the PostgreSQL server (DATABASE_URL) to share a database`,
    );
  }
}

/** DATA_DIR cannot be created or written. */
export class DataDirUnwritableError extends Error {
  constructor(
    readonly dataDir: string,
    cause: NodeJS.ErrnoException,
  ) {
    super(`DATA_DIR=${dataDir} is not writable (${cause.code ?? cause.message}): point DATA_DIR at a directory this user owns`);
  }
}

const LOCK_NAME = '.lock';
/** sun_path holds 108 bytes on Linux; longer socket paths cannot be bound. */
const MAX_SOCKET_PATH = 100;

/**
 * An exclusive hold on DATA_DIR for this process's lifetime. It is a Unix socket listening at
 * DATA_DIR/.lock: the kernel knows whether its owner is alive (connect succeeds) or gone (connection
 * refused, e.g. after kill -9), so a stale lock never needs a timeout or a pid that may be reused,
 * and it works across containers sharing the volume. PGlite itself takes no lock: two processes on
 * one data directory would each believe they own it and corrupt it.
 */
export class DataDirLock {
  private constructor(
    private readonly server: Server,
    private readonly path: string,
  ) {}

  static async acquire(dataDir: string): Promise<DataDirLock> {
    const path = join(dataDir, LOCK_NAME);
    if (Buffer.byteLength(path) > MAX_SOCKET_PATH) {
      throw new DataDirUnwritableError(
        dataDir,
        Object.assign(new Error('path too long for its lock socket (keep DATA_DIR under 90 characters)'), { code: 'ENAMETOOLONG' }),
      );
    }
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        return new DataDirLock(await listen(path), path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw new DataDirUnwritableError(dataDir, err as NodeJS.ErrnoException);
        if (await answers(path)) throw new DataDirInUseError(dataDir);
        // Left behind by a process that died without closing it.
        try {
          unlinkSync(path);
        } catch {
          /* another starter removed it first */
        }
      }
    }
    throw new DataDirInUseError(dataDir);
  }

  release(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      try {
        unlinkSync(this.path);
      } catch {
        /* already gone */
      }
    });
  }
}

/** The process's hold on DATA_DIR while its embedded database is open (PGlite is one per process). */
let held: DataDirLock | null = null;

export async function holdEmbeddedLock(dataDir: string): Promise<void> {
  if (held) return;
  held = await DataDirLock.acquire(dataDir);
}

/** Called when the embedded database closes, so the next process (or CLI command) may open it. */
export async function releaseEmbeddedLock(): Promise<void> {
  const lock = held;
  held = null;
  await lock?.release();
}

function listen(path: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.end());
    server.once('error', reject);
    server.listen({ path, exclusive: true }, () => {
      server.off('error', reject);
      server.unref();
      resolve(server);
    });
  });
}

function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ path });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * DATA_DIR holds the whole database and the JWT secret: only this user may enter it (0700), and
 * whatever is already inside (from an older version, or copied in) is made private too.
 */
export function makePrivate(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    chmodSync(dataDir, 0o700);
  } catch (err) {
    throw new DataDirUnwritableError(dataDir, err as NodeJS.ErrnoException);
  }
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        chmodSync(path, 0o700);
        walk(path);
      } else if (entry.isFile() && (lstatSync(path).mode & 0o077) !== 0) {
        chmodSync(path, 0o600);
      }
    }
  };
  walk(dataDir);
}

/**
 * PGlite's Node filesystem with fsync restored. PGlite starts PostgreSQL with `-F` (fsync off) and
 * its WASM system calls `fdatasync`/`fsync` return without touching the disk, so an acknowledged
 * commit could sit in the OS page cache and be lost to a power cut. Started without `-F` (see
 * durableStartParams), PostgreSQL flushes the WAL at every commit; these two calls then reach the
 * real file descriptor, so COMMIT returns only after its WAL record is on disk.
 */
export class DurableNodeFS extends NodeFS {
  /** fdatasync calls that reached the disk (tests read it). */
  static syncs = 0;

  override async init(pg: PGlite, opts: Parameters<NodeFS['init']>[1]): ReturnType<NodeFS['init']> {
    const result = await super.init(pg, opts);
    const emscripten = result.emscriptenOpts as typeof result.emscriptenOpts & {
      instantiateWasm?: (imports: { env: Record<string, unknown> }, done: (...args: unknown[]) => void) => unknown;
    };
    type NodeOps = { setattr: (node: unknown, attr: { mode?: number }) => void };
    let mod: { FS: { getStream(fd: number): { nfd?: number } | null }; NODEFS: { node_ops: NodeOps } } | undefined;
    emscripten.preRun = [
      ...(emscripten.preRun ?? []),
      (m: unknown) => {
        mod = m as typeof mod;
        // PostgreSQL (and PGlite's unpacking of its initial cluster) chmod files to 0644/0755
        // explicitly, past the umask: keep group and other out of DATA_DIR whatever mode is asked.
        const ops = mod!.NODEFS.node_ops;
        const setattr = ops.setattr;
        ops.setattr = (node, attr) => setattr.call(ops, node, attr.mode === undefined ? attr : { ...attr, mode: attr.mode & ~0o077 });
      },
    ];
    const instantiate = emscripten.instantiateWasm;
    if (!instantiate) throw new Error('PGlite no longer exposes instantiateWasm: durable embedded storage cannot be set up');
    emscripten.instantiateWasm = (imports, done) => {
      const sync = (fd: number): number => {
        const nfd = mod?.FS.getStream(fd)?.nfd;
        if (nfd === undefined) return 0;
        try {
          fdatasyncSync(nfd);
          DurableNodeFS.syncs++;
          return 0;
        } catch {
          return 29; // EIO: PostgreSQL treats a failed flush as fatal, which is what we want.
        }
      };
      imports.env.__syscall_fdatasync = sync;
      imports.env.fd_sync = sync;
      return instantiate(imports, done);
    };
    return result;
  }
}

/** PGlite's start parameters without `-F`, so PostgreSQL's own fsync setting (on) applies. */
export const durableStartParams = (): string[] => (PGlite as unknown as { defaultStartParams: string[] }).defaultStartParams.filter((p) => p !== '-F');
