import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postMessage } from '../../src/chat/messages.ts';
import { sendFile } from '../../src/files/attachments.ts';
import { claimTicket } from '../../src/line/claims.ts';
import { closeTicket } from '../../src/line/close.ts';
import { openTicket, ticketByToken } from '../../src/line/tickets.ts';
import { rateTicket } from '../../src/line/rating.ts';
import { purgeExpired } from '../../src/retention/purge.ts';
import { RetentionWatch } from '../../src/retention/watch.ts';
import { indexNewMessages } from '../../src/transcripts/indexer.ts';
import { searchTranscripts } from '../../src/transcripts/search.ts';
import { tallies, figuresOf } from '../../src/reports/query.ts';
import { makeTestApp, tempDir } from '../helpers/app.ts';
import { SAMPLES } from '../files/samples.ts';

const DAY = 86_400_000;

describe('retention', () => {
  let t: ReturnType<typeof makeTestApp>;
  let filesDir: string;
  let ann: Awaited<ReturnType<typeof t.supporter>>;
  beforeEach(async () => {
    filesDir = path.join(tempDir(), 'files');
    t = makeTestApp({ FILES_DIR: filesDir });
    ann = await t.supporter('Ann', 'admin');
  });
  afterEach(() => { t.close(); fs.rmSync(path.dirname(filesDir), { recursive: true, force: true }); });

  /** A whole conversation: joined, claimed, a message and a file each way, closed with a rating; e-mail and the transcript mail included. */
  async function conversation(name: string, email: string, word: string) {
    const { ticketId, token } = openTicket(t.deps, { name, email, problem: `About ${word}` }, { key: `key-${name.toLowerCase()}-0123456789abcdef`, ip: '198.51.100.7' } as never);
    claimTicket(t.deps, ticketId, ann.id);
    postMessage(t.deps, ticketId, { kind: 'visitor' }, `My ${word} is broken`);
    postMessage(t.deps, ticketId, { kind: 'supporter', supporterId: ann.id }, `Fixed your ${word}`);
    const fileMessage = await sendFile(t.deps, ticketId, { kind: 'visitor' }, { name: 'shot.png', bytes: SAMPLES.png });
    closeTicket(t.deps, ticketId, ann.id, '');
    rateTicket(t.deps, ticketByToken(t.deps, token)!, { stars: '4', comment: 'ok' });
    indexNewMessages(t.deps.db);
    const fileId = (t.deps.db.prepare('SELECT id FROM attachments WHERE message_id = ?').get(fileMessage) as { id: number }).id;
    return { ticketId, token, fileId };
  }

  const count = (sqlText: string, ...params: unknown[]) => (t.deps.db.prepare(sqlText).pluck().get(...params) as number);

  it('removes conversations older than the retention completely and keeps the newer ones and the reports', async () => {
    const old = await conversation('Olga', 'olga@example.com', 'zebracorn');
    t.clock.advance(20 * DAY);
    const recent = await conversation('Rita', 'rita@example.com', 'unicornfish');
    const before = figuresOf(tallies(t.deps.db, { from: '2000-01-01', to: '2100-12-31' }, 'all', {})[0]);
    expect(before.tickets).toBe(2);
    // Twenty days on, the admin signs in again (sessions do not last that long).
    const adam = await t.supporter('Adam', 'admin');
    const page = await adam.agent.post('/admin/retention', { keep: 'days', count: '14' });
    expect(page.status).toBe(200);
    expect(await purgeExpired(t.deps)).toBe(1);

    // Gone everywhere: the row and every row about it, the search index, the file on disk and its URL, the mails, the events.
    expect(count('SELECT count(*) FROM tickets WHERE id = ?', old.ticketId)).toBe(0);
    for (const table of ['messages', 'attachments', 'events', 'mail_outbox', 'report_facts']) {
      expect(count(`SELECT count(*) FROM ${table} WHERE ticket_id = ?`, old.ticketId), table).toBe(0);
    }
    expect(searchTranscripts(t.deps.db, 'zebracorn').hits).toEqual([]);
    expect(count("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'zebracorn'")).toBe(0);
    expect((await adam.agent.get(`/transcripts/${old.ticketId}`)).status).toBe(404);
    expect((await adam.agent.get(`/desk/files/${old.fileId}`)).status).toBe(404);
    expect((await t.agent().get(`/t/${old.token}`)).status).toBe(404);
    expect(fs.readdirSync(filesDir)).toHaveLength(1);
    // The newer one is whole, and the reports' sums still count both (they hold no conversation).
    expect(searchTranscripts(t.deps.db, 'unicornfish').hits.map((h) => h.ticketId)).toEqual([recent.ticketId]);
    expect((await adam.agent.get(`/desk/files/${recent.fileId}`)).status).toBe(200);
    expect(figuresOf(tallies(t.deps.db, { from: '2000-01-01', to: '2100-12-31' }, 'all', {})[0])).toEqual(before);
  });

  it('keeps everything for ever until an admin chooses, and purges once a day', async () => {
    await conversation('Olga', 'olga@example.com', 'zebracorn');
    t.clock.advance(5000 * DAY);
    const watch = new RetentionWatch(t.deps);
    expect(watch.due()).toBe(true);
    await watch.check();
    expect(watch.due()).toBe(false);
    expect(count('SELECT count(*) FROM tickets')).toBe(1);
    t.clock.advance(DAY);
    expect(watch.due()).toBe(true);
    expect(await purgeExpired(t.deps)).toBe(0);
  });

  it('refuses a retention that is not a whole number of days or years in range', async () => {
    for (const body of [{ keep: 'days', count: '0' }, { keep: 'days', count: '-3' }, { keep: 'years', count: '101' }, { keep: 'days', count: '1e3' }, { keep: 'weeks', count: '2' }]) {
      const answer = await ann.agent.post('/admin/retention', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
    }
    expect(count("SELECT count(*) FROM settings WHERE key = 'retention'")).toBe(0);
    const sam = await t.supporter('Sam', 'supervisor');
    expect((await sam.agent.post('/admin/retention', { keep: 'days', count: '1' })).status).toBe(403);
    expect((await ann.agent.post('/admin/retention', { keep: 'days', count: '1' }, { csrf: null })).status).toBe(403);
  });

  it("exports one visitor's data as JSON and erases it on request, by e-mail address or by visitor key", async () => {
    const olga = await conversation('Olga', 'Olga@Example.com', 'zebracorn');
    const other = await conversation('Rita', 'rita@example.com', 'unicornfish');
    const post = (url: string, fields: Record<string, string>) => ann.agent.post(url, fields);

    expect(await (await post('/admin/retention/visitor', { email: 'olga@example.com' })).text()).toContain('1 conversation found');
    const exported = await post('/admin/retention/visitor.json', { email: 'olga@example.com' });
    expect(exported.headers.get('Content-Disposition')).toContain('attachment');
    const data = await exported.json() as { conversations: Array<{ name: string; messages: Array<{ text: string }>; files: Array<{ name: string; contentBase64: string }> }>; browsers: unknown[] };
    expect(data.conversations).toHaveLength(1);
    expect(data.conversations[0]!.name).toBe('Olga');
    expect(data.conversations[0]!.messages.map((m) => m.text)).toContain('My zebracorn is broken');
    expect(Buffer.from(data.conversations[0]!.files[0]!.contentBase64, 'base64')).toEqual(Buffer.from(SAMPLES.png));
    expect(data.browsers).toHaveLength(1);

    // Without the confirmation nothing happens.
    expect((await post('/admin/retention/erase', { email: 'olga@example.com' })).status).toBe(400);
    expect(count('SELECT count(*) FROM tickets WHERE id = ?', olga.ticketId)).toBe(1);
    expect((await post('/admin/retention/erase', { email: 'olga@example.com', confirm: 'yes' })).status).toBe(200);
    expect(count('SELECT count(*) FROM tickets WHERE id = ?', olga.ticketId)).toBe(0);
    expect(count("SELECT count(*) FROM visitors WHERE key = 'key-olga-0123456789abcdef'")).toBe(0);
    expect(searchTranscripts(t.deps.db, 'zebracorn').hits).toEqual([]);
    expect(count('SELECT count(*) FROM tickets WHERE id = ?', other.ticketId)).toBe(1);
    expect(count("SELECT count(*) FROM audit_log WHERE action IN ('visitorDataExported', 'visitorDataErased')")).toBe(2);

    // By the number of one of her conversations (standing for her browser), then by visitor key; then nothing is left to find.
    const third = await conversation('Rita', 'rita.other@example.com', 'narwhal');
    expect(await (await post('/admin/retention/visitor', { key: `#${third.ticketId}` })).text()).toContain('2 conversations found');
    expect((await post('/admin/retention/erase', { key: `#${third.ticketId}`, confirm: 'yes' })).status).toBe(200);
    expect(count('SELECT count(*) FROM tickets')).toBe(0);
    expect((await post('/admin/retention/erase', { key: 'key-rita-0123456789abcdef', confirm: 'yes' })).status).toBe(404);
    expect((await post('/admin/retention/visitor.json', { email: 'rita@example.com' })).status).toBe(404);
  });

  it('refuses to erase a visitor still in a conversation, and bad or missing addresses and keys', async () => {
    openTicket(t.deps, { name: 'Vera', email: 'vera@example.com', problem: 'Help' });
    const post = (fields: Record<string, string>) => ann.agent.post('/admin/retention/erase', { ...fields, confirm: 'yes' });
    expect((await post({ email: 'vera@example.com' })).status).toBe(409);
    expect(count('SELECT count(*) FROM tickets')).toBe(1);
    for (const fields of [{}, { email: 'not an address' }, { key: "x' OR 1=1 --" }, { email: 'a@b.c\r\nBcc: x@y.z' }] as Array<Record<string, string>>) {
      expect((await post(fields)).status, JSON.stringify(fields)).toBe(400);
    }
    expect((await post({ email: 'nobody@example.com' })).status).toBe(404);
  });
});
