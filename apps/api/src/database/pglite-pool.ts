import { PGlitePool } from 'typeorm-pglite/dist/pglite-pool.js';
import { releaseEmbeddedLock } from './embedded-store.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ConnectCallback = (err: any, client: any, release: (err?: unknown) => void) => void;

/**
 * typeorm-pglite hands every TypeORM query runner the same single PGlite connection at once, so two
 * concurrent transactions would interleave their BEGIN/COMMIT on it. This pool leases the connection
 * to one query runner at a time (a FIFO mutex), which gives embedded mode the same transaction
 * isolation a real pool gives: concurrent requests queue instead of corrupting each other's work.
 * Code must therefore never open a second query runner while holding one (use the transaction's
 * EntityManager), or it waits for itself.
 */
export class LeasedPGlitePool extends PGlitePool {
  /**
   * One lease for the whole process, not per pool: PGlite is one instance per process, so two data
   * sources on it (two Nest apps in one test, a replica pair) must queue on the same connection.
   */
  private static tail: Promise<void> = Promise.resolve();

  override async connect(callback: ConnectCallback): Promise<void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const previous = LeasedPGlitePool.tail;
    LeasedPGlitePool.tail = previous.then(() => held);
    void previous.then(() => {
      let released = false;
      void super.connect((err, client) => {
        callback(err, client, () => {
          if (released) return;
          released = true;
          release();
        });
      });
    });
  }

  /** Closing the database also gives DATA_DIR back to whichever process wants it next. */
  override end(callback: (err: unknown) => void): void {
    super.end((err: unknown) => {
      void releaseEmbeddedLock().then(() => callback(err));
    });
  }
}
