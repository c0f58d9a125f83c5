import fs from 'node:fs';

/**
 * Makes committed transactions durable without blocking the event loop.
 *
 * The connection runs WAL with synchronous=NORMAL: a commit appends its pages to the -wal file
 * and returns without waiting for the disk. Before Lineup acknowledges a change, it awaits
 * `sync()`, an fdatasync of the -wal file on libuv's thread pool, started after that commit.
 * That gives what synchronous=FULL gives (the commit is on disk before anyone is told so;
 * SQLite itself syncs the WAL before every checkpoint), while the disk wait happens off the
 * event loop and one sync covers every commit made before it started.
 */
export class WalSync {
  private fd: number | null = null;
  private waiting: Array<{ resolve(): void; reject(error: unknown): void }> = [];
  private running = false;
  private scheduled = false;

  constructor(private databasePath: string) {}

  /** Resolves once everything committed before this call is on disk. */
  sync(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      // Start at the end of this turn, so every change answered in this turn shares the sync.
      if (!this.running && !this.scheduled) {
        this.scheduled = true;
        setImmediate(() => { this.scheduled = false; if (!this.running) this.run(); });
      }
    });
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  private run(): void {
    const batch = this.waiting.splice(0);
    if (!batch.length) return;
    const fd = this.open();
    if (fd === null) { for (const w of batch) w.resolve(); return; } // nothing written yet
    this.running = true;
    fs.fdatasync(fd, (error) => {
      this.running = false;
      for (const w of batch) (error ? w.reject(error) : w.resolve());
      // Callers that arrived during this sync may have committed after it started: sync again.
      if (this.waiting.length) this.run();
    });
  }

  private open(): number | null {
    if (this.fd !== null) return this.fd;
    try {
      this.fd = fs.openSync(`${this.databasePath}-wal`, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return this.fd;
  }
}
