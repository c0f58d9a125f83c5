import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { manualClock } from '../../src/lib/clock.ts';
import { openDatabase } from '../../src/lib/db.ts';
import type { Deps } from '../../src/lib/deps.ts';
import { hubFor } from '../../src/realtime/events.ts';
import { withinCommit } from '../../src/reactions.ts';
import { WalSync } from '../../src/lib/wal-sync.ts';
import { addSupporter } from '../../src/supporters/accounts.ts';
import type { Role } from '../../src/supporters/schema.ts';

export function tempDir(prefix = 'lineup-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A Lineup app on a fresh on-disk database with a clock the test moves. */
export function makeTestApp(env: Record<string, string> = {}) {
  const dir = tempDir();
  // Most tests are about the line, with nobody's desk open: visitors queue unless a test asks for the offline form.
  // The database (and with it db/mail and db/files) lives in a fresh temporary folder.
  const config = loadConfig({ WHEN_NOBODY: 'line', DATABASE_PATH: path.join(dir, 'lineup.sqlite'), ...env });
  const db = openDatabase(config.databasePath);
  const clock = manualClock();
  const deps: Deps = { db, clock, hub: hubFor(db), within: withinCommit, config, walSync: new WalSync(config.databasePath) };
  const { app, presence, places, staffing, whispers, streams, dashboards, close } = createApp(deps);
  return {
    deps, app, clock, presence, places, staffing, whispers, streams, dashboards,
    close() { void close(); deps.walSync.close(); db.close(); fs.rmSync(dir, { recursive: true, force: true }); },
    agent: () => new Agent(app),
    async supporter(name: string, role: Role = 'supporter') {
      const email = `${name.toLowerCase().replace(/[^a-z]/g, '')}@example.com`;
      const s = await addSupporter(deps, { name, email, password: 'correct horse battery', role });
      const agent = new Agent(app);
      const res = await agent.post('/login', { email, password: 'correct horse battery' });
      if (res.status !== 303) throw new Error(`login failed: ${res.status}`);
      return { ...s, agent };
    },
  };
}

type Fetchable = { request: (input: string, init?: RequestInit) => Response | Promise<Response> };

/** Lets an Agent talk to a Lineup process over real HTTP. */
export function overHttp(baseUrl: string): Fetchable {
  return { request: (input, init) => fetch(input.replace('http://localhost', baseUrl), init) };
}

/** A browser-like client for in-process requests: keeps cookies and sends the CSRF secret. */
export class Agent {
  cookies = new Map<string, string>();
  constructor(private app: Fetchable) {}

  get csrf(): string {
    return this.cookies.get('lineup_csrf') ?? '';
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('Cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await this.app.request(`http://localhost${path}`, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    return res;
  }

  async get(path: string, headers: Record<string, string> = {}) {
    return this.request(path, { headers });
  }

  /** Posts a form; fetches a page first when there is no CSRF cookie yet, as a browser would. */
  async post(path: string, fields: Record<string, string> = {}, options: { htmx?: boolean; csrf?: string | null } = {}) {
    if (!this.csrf) await this.get('/login');
    const body = new URLSearchParams(fields);
    if (options.csrf !== null) body.set('_csrf', options.csrf ?? this.csrf);
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
    if (options.htmx) headers['HX-Request'] = 'true';
    return this.request(path, { method: 'POST', body, headers });
  }

  /** A visitor joins the line; returns the ticket page path. */
  async join(name: string, problem: string, email = ''): Promise<string> {
    const res = await this.post('/tickets', { name, email, problem });
    const location = res.headers.get('Location');
    if (res.status !== 303 || !location) throw new Error(`join failed: ${res.status} ${await res.text()}`);
    return location;
  }
}
