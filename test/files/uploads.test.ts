import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listMessages } from '../../src/chat/messages.ts';
import { FILE_MAX_BYTES, FILES_PER_TICKET_MAX, VISITOR_UPLOAD_BYTES_PER_HOUR } from '../../src/files/limits.ts';
import { ticketByToken } from '../../src/line/tickets.ts';
import { makeTestApp, tempDir, type Agent } from '../helpers/app.ts';
import { SAMPLES } from './samples.ts';

type Sample = Uint8Array<ArrayBuffer> | string;

/** Sends a file the way files.js does: multipart, CSRF header, as an htmx request. */
function upload(agent: Agent, url: string, name: string | null, content: Sample, fields: Record<string, string> = {}, options: { csrf?: string | null } = {}) {
  const form = new FormData();
  if (name !== null) form.append('file', new File([content], name, { type: 'image/png' }));
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  const headers: Record<string, string> = { 'HX-Request': 'true' };
  if (options.csrf !== null) headers['X-CSRF-Token'] = options.csrf ?? agent.csrf;
  return agent.request(url, { method: 'POST', body: form, headers });
}

describe('files in conversations', () => {
  let t: ReturnType<typeof makeTestApp>;
  let filesDir: string;
  beforeEach(() => {
    filesDir = path.join(tempDir(), 'files');
    t = makeTestApp({ FILES_DIR: filesDir });
  });
  afterEach(() => { t.close(); fs.rmSync(path.dirname(filesDir), { recursive: true, force: true }); });

  const rows = () => t.deps.db.prepare('SELECT * FROM attachments ORDER BY id').all() as Array<{ id: number; ticket_id: number; message_id: number; stored_name: string; original_name: string; mime: string; size: number }>;
  const onDisk = () => (fs.existsSync(filesDir) ? fs.readdirSync(filesDir).sort() : []);
  const ticketOf = (page: string) => ticketByToken(t.deps, page.slice(3));

  async function visitorWithTicket(name = 'Vera') {
    const visitor = t.agent();
    const page = await visitor.join(name, 'The invoice total is wrong');
    return { visitor, page, ticket: ticketOf(page) };
  }

  async function claimed() {
    const v = await visitorWithTicket();
    const sam = await t.supporter('Sam');
    expect((await sam.agent.post(`/desk/tickets/${v.ticket.id}/claim`, {}, { htmx: true })).status).toBe(200);
    return { ...v, sam };
  }

  it('stores a picture by what it is, under a random name, as a message with the file', async () => {
    const { visitor, page, ticket } = await visitorWithTicket();
    const res = await upload(visitor, `${page}/files`, 'holiday.pdf', SAMPLES.png);
    expect(res.status).toBe(204);
    const [row] = rows();
    expect(row).toMatchObject({ ticket_id: ticket.id, original_name: 'holiday.pdf', mime: 'image/png', size: SAMPLES.png.length });
    expect(row!.stored_name).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(onDisk()).toEqual([row!.stored_name]);
    expect(fs.readFileSync(path.join(filesDir, row!.stored_name))).toEqual(Buffer.from(SAMPLES.png));
    const message = listMessages(t.deps.db, ticket.id).at(-1)!;
    expect(message).toMatchObject({ id: row!.message_id, author: 'visitor', body: 'holiday.pdf' });
    expect(message.attachments).toEqual([{ id: row!.id, name: 'holiday.pdf', mime: 'image/png', size: SAMPLES.png.length, kind: 'image', sizeText: `${SAMPLES.png.length} bytes` }]);
    const html = await (await visitor.get(page)).text();
    expect(html).toContain(`<img class="file__thumb" data-file="${row!.id}" alt="holiday.pdf">`);
  });

  it('shows an iPhone HEIC photo as a download and an AVIF photo as a picture, never as a video player', async () => {
    const { visitor, page } = await visitorWithTicket();
    await upload(visitor, `${page}/files`, 'IMG_0001.HEIC', SAMPLES.heic);
    await upload(visitor, `${page}/files`, 'IMG_0002.AVIF', SAMPLES.avif);
    const [heic, avif] = rows();
    expect([heic!.mime, avif!.mime]).toEqual(['image/heic', 'image/avif']);
    const html = await (await visitor.get(page)).text();
    expect(html).toContain(`<a class="file file--download" data-file="${heic!.id}" download>`);
    expect(html).toContain(`<img class="file__thumb" data-file="${avif!.id}" alt="IMG_0002.AVIF">`);
    expect(html).not.toContain('<video');
  });

  it('keeps a caption as the message, with its links clickable', async () => {
    const { visitor, page, ticket } = await visitorWithTicket();
    await upload(visitor, `${page}/files`, 'screen.png', SAMPLES.png, { caption: 'The error, see https://status.example/now.' });
    expect(listMessages(t.deps.db, ticket.id).at(-1)!.body).toBe('The error, see https://status.example/now.');
    const html = await (await visitor.get(page)).text();
    expect(html).toContain('The error, see <a href="https://status.example/now" target="_blank" rel="noopener noreferrer">https://status.example/now</a>.');
  });

  it('serves each kind with safe headers: pictures, sound and video inline, everything else as a download of plain bytes', async () => {
    const { visitor, page } = await visitorWithTicket();
    const cases: Array<[string, Sample, string, string]> = [
      ['photo.jpg', SAMPLES.jpeg, 'image/jpeg', 'inline'],
      ['anim.gif', SAMPLES.gif, 'image/gif', 'inline'],
      ['clip.mp4', SAMPLES.mp4, 'video/mp4', 'inline'],
      ['voice.ogg', SAMPLES.ogg, 'audio/ogg', 'inline'],
      ['song.mp3', SAMPLES.mp3, 'audio/mpeg', 'inline'],
      ['IMG_0001.AVIF', SAMPLES.avif, 'image/avif', 'inline'],
      ['memo.m4a', SAMPLES.m4a, 'audio/mp4', 'inline'],
      ['IMG_0002.HEIC', SAMPLES.heic, 'application/octet-stream', 'attachment'],
      ['invoice.pdf', SAMPLES.pdf, 'application/octet-stream', 'attachment'],
      ['photo.png', '<html><script>alert(document.cookie)</script></html>', 'application/octet-stream', 'attachment'],
      ['logo.svg', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'application/octet-stream', 'attachment'],
      ['shell.php', '<?php system($_GET["c"]); ?>', 'application/octet-stream', 'attachment'],
      ['notes.txt', 'plain words', 'application/octet-stream', 'attachment'],
      ['blob.bin', new Uint8Array([0xc3, 0x28, 0, 1, 2]), 'application/octet-stream', 'attachment'],
    ];
    for (const [name, content, type, disposition] of cases) {
      expect((await upload(visitor, `${page}/files`, name, content)).status).toBe(204);
      const id = rows().at(-1)!.id;
      const res = await visitor.get(`${page}/files/${id}`);
      expect(res.status, name).toBe(200);
      expect(res.headers.get('Content-Type'), name).toBe(type);
      expect(res.headers.get('Content-Disposition'), name).toBe(`${disposition}; filename="${name}"; filename*=UTF-8''${name}`);
      expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(res.headers.get('Content-Security-Policy')).toBe("default-src 'none'; sandbox");
      expect(res.headers.get('Cache-Control')).toBe('private, max-age=3600');
      expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from(typeof content === 'string' ? Buffer.from(content) : content));
    }
    // Markup was recognised as text, never as a picture or a page.
    expect(rows().find((r) => r.original_name === 'photo.png')!.mime).toBe('text/plain');
    expect(rows().find((r) => r.original_name === 'logo.svg')!.mime).toBe('text/plain');
  });

  it('cleans hostile file names, and they break neither the header, the page nor the disk', async () => {
    const { visitor, page } = await visitorWithTicket();
    const long = `${'x'.repeat(296)}.png`;
    const names: Array<[string, string]> = [
      ['../../etc/passwd', 'passwd'],
      ['a\r\nX-Injected: 1.png', 'aX-Injected: 1.png'],
      ['"quoted";.jpg', '"quoted";.jpg'],
      ['<img src=x onerror=alert(1)>.png', '<img src=x onerror=alert(1)>.png'],
      [long, `${'x'.repeat(116)}.png`],
    ];
    for (const [raw, clean] of names) {
      expect((await upload(visitor, `${page}/files`, raw, SAMPLES.png)).status).toBe(204);
      const row = rows().at(-1)!;
      expect(row.original_name).toBe(clean);
      // Stored names are random, never derived from what the sender called the file.
      expect(row.stored_name).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const res = await visitor.get(`${page}/files/${row.id}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('X-Injected')).toBeNull();
      const header = res.headers.get('Content-Disposition')!;
      expect(header).toMatch(/^inline; filename="[A-Za-z0-9 ._-]+"; filename\*=UTF-8''[A-Za-z0-9%._~!-]+$/);
      expect(decodeURIComponent(header.split("''")[1]!)).toBe(clean);
    }
    expect(new Set(rows().map((r) => r.stored_name)).size).toBe(names.length);
    expect(onDisk()).toEqual(rows().map((r) => r.stored_name).sort());
    expect(fs.existsSync(path.join(path.dirname(filesDir), 'etc'))).toBe(false);
    const html = await (await visitor.get(page)).text();
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('alt="&lt;img src=x onerror=alert(1)&gt;.png"');
  });

  it('refuses an empty file, a missing file and a caption that is too long, and stores nothing', async () => {
    const { visitor, page, ticket } = await visitorWithTicket();
    const before = listMessages(t.deps.db, ticket.id).length;
    const empty = await upload(visitor, `${page}/files`, 'empty.png', new Uint8Array());
    expect(empty.status).toBe(400);
    expect(await empty.text()).toBe('That file is empty; choose another one.');
    const none = await upload(visitor, `${page}/files`, null, '', { caption: 'no file here' });
    expect(none.status).toBe(400);
    expect(await none.text()).toBe('Choose a file to send.');
    const plain = await visitor.request(`${page}/files`, {
      method: 'POST', body: new URLSearchParams({ file: 'not a file' }),
      headers: { 'X-CSRF-Token': visitor.csrf, 'HX-Request': 'true', 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(plain.status).toBe(400);
    // Upload routes take the CSRF secret from the header only: a body is never read before the check.
    expect((await visitor.post(`${page}/files`, { file: 'not a file' }, { htmx: true })).status).toBe(403);
    expect((await upload(visitor, `${page}/files`, 'x.png', SAMPLES.png, { caption: 'y'.repeat(4001) })).status).toBe(400);
    expect(rows()).toEqual([]);
    expect(onDisk()).toEqual([]);
    expect(listMessages(t.deps.db, ticket.id)).toHaveLength(before);
  });

  it('refuses a file over 10 MiB with 413, and keeps every other route at the small form limit', async () => {
    const { visitor, page } = await visitorWithTicket();
    const justOver = await upload(visitor, `${page}/files`, 'big.bin', new Uint8Array(FILE_MAX_BYTES + 1));
    expect(justOver.status).toBe(413);
    expect(await justOver.text()).toBe('That file is too large: a file can be at most 10 MiB.');
    const farOver = await upload(visitor, `${page}/files`, 'huge.bin', new Uint8Array(FILE_MAX_BYTES + 512 * 1024));
    expect(farOver.status).toBe(413);
    expect(await farOver.text()).toBe('That file is too large: a file can be at most 10 MiB.');
    expect((await upload(visitor, `${page}/files`, 'max.bin', new Uint8Array(FILE_MAX_BYTES).fill(7))).status).toBe(204);
    // The message route is not an upload route: a big body there is still refused.
    const message = await visitor.request(`${page}/messages`, {
      method: 'POST', headers: { 'X-CSRF-Token': visitor.csrf, 'HX-Request': 'true', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `body=${'a'.repeat(100 * 1024)}`,
    });
    expect(message.status).toBe(413);
    const smuggled = await upload(visitor, `${page}/messages`, 'x.bin', new Uint8Array(100 * 1024), { body: 'hi' });
    expect(smuggled.status).toBe(413);
    expect(rows()).toHaveLength(1);
  });

  it(`holds at most ${FILES_PER_TICKET_MAX} files per conversation (409), and leaves no stray file on disk`, async () => {
    const { visitor, page, ticket } = await visitorWithTicket();
    for (let i = 0; i < FILES_PER_TICKET_MAX; i++) {
      // Spread over a few minutes, as a person sends them (a file counts as a message a minute).
      if (i % 20 === 19) t.clock.advance(60_000);
      expect((await upload(visitor, `${page}/files`, `f${i}.png`, SAMPLES.png)).status).toBe(204);
    }
    const refused = await upload(visitor, `${page}/files`, 'one-more.png', SAMPLES.png);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain(`already holds ${FILES_PER_TICKET_MAX} files`);
    expect(rows()).toHaveLength(FILES_PER_TICKET_MAX);
    expect(onDisk()).toHaveLength(FILES_PER_TICKET_MAX);
    expect(listMessages(t.deps.db, ticket.id).filter((m) => m.attachments.length)).toHaveLength(FILES_PER_TICKET_MAX);
    // Another visitor's conversation has its own allowance.
    const other = await visitorWithTicket('Walt');
    expect((await upload(other.visitor, `${other.page}/files`, 'mine.png', SAMPLES.png)).status).toBe(204);
  });

  it('stores an upload sent twice with the same nonce once', async () => {
    const { visitor, page } = await visitorWithTicket();
    for (let i = 0; i < 3; i++) {
      expect((await upload(visitor, `${page}/files`, 'once.png', SAMPLES.png, { nonce: 'abcdef0123456789abcd' })).status).toBe(204);
    }
    expect(rows()).toHaveLength(1);
    expect(onDisk()).toHaveLength(1);
  });

  it('refuses an upload without the CSRF secret, and stores nothing', async () => {
    const { visitor, page } = await visitorWithTicket();
    expect((await upload(visitor, `${page}/files`, 'x.png', SAMPLES.png, {}, { csrf: null })).status).toBe(403);
    expect((await upload(visitor, `${page}/files`, 'x.png', SAMPLES.png, {}, { csrf: 'A'.repeat(43) })).status).toBe(403);
    expect(rows()).toEqual([]);
    expect(onDisk()).toEqual([]);
  });

  it('lets the holder send files, but not a supporter who does not hold the ticket (403), nor a signed-out one', async () => {
    const { visitor, page, ticket, sam } = await claimed();
    const res = await upload(sam.agent, `/desk/tickets/${ticket.id}/files`, 'steps.pdf', SAMPLES.pdf, { caption: 'Follow these steps' });
    expect(res.status).toBe(204);
    const message = listMessages(t.deps.db, ticket.id).at(-1)!;
    expect(message).toMatchObject({ author: 'supporter', authorName: 'Sam', body: 'Follow these steps' });
    // The visitor can fetch it from their own page.
    expect((await visitor.get(`${page}/files/${rows()[0]!.id}`)).status).toBe(200);

    const bob = await t.supporter('Bob');
    const refused = await upload(bob.agent, `/desk/tickets/${ticket.id}/files`, 'x.png', SAMPLES.png);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toBe('Only the supporters in this ticket can send files in it.');
    const stranger = t.agent();
    await stranger.get('/login');
    expect((await upload(stranger, `/desk/tickets/${ticket.id}/files`, 'x.png', SAMPLES.png)).status).toBe(401);
    expect((await upload(sam.agent, '/desk/tickets/999/files', 'x.png', SAMPLES.png)).status).toBe(404);
    expect((await upload(sam.agent, '/desk/tickets/abc/files', 'x.png', SAMPLES.png)).status).toBe(404);
    expect(rows()).toHaveLength(1);
    expect(onDisk()).toHaveLength(1);
  });

  it('lets an invited colleague send files too', async () => {
    const { ticket, sam } = await claimed();
    const bob = await t.supporter('Bob');
    t.deps.db.prepare('INSERT INTO ticket_helpers (ticket_id, supporter_id, added_at) VALUES (?, ?, ?)').run(ticket.id, bob.id, t.clock.now());
    expect((await upload(bob.agent, `/desk/tickets/${ticket.id}/files`, 'fix.png', SAMPLES.png)).status).toBe(204);
    expect(listMessages(t.deps.db, ticket.id).at(-1)!.authorName).toBe('Bob');
    void sam;
  });

  it('refuses files in a closed ticket (409), but its files stay readable', async () => {
    const { visitor, page, ticket, sam } = await claimed();
    await upload(visitor, `${page}/files`, 'before.png', SAMPLES.png);
    expect((await sam.agent.post(`/desk/tickets/${ticket.id}/close`, { resolution: 'done' }, { htmx: true })).status).toBe(204);
    const late = await upload(visitor, `${page}/files`, 'late.png', SAMPLES.png);
    expect(late.status).toBe(409);
    expect(await late.text()).toBe('This ticket is closed; files can no longer be sent.');
    expect((await upload(sam.agent, `/desk/tickets/${ticket.id}/files`, 'late.png', SAMPLES.png)).status).toBe(409);
    expect(rows()).toHaveLength(1);
    expect(onDisk()).toHaveLength(1);
    expect((await visitor.get(`${page}/files/${rows()[0]!.id}`)).status).toBe(200);
    expect((await sam.agent.get(`/desk/files/${rows()[0]!.id}`)).status).toBe(200);
  });

  it("answers 404 to everyone else: another ticket's visitor, forged ids and tokens, the signed-out", async () => {
    const { visitor, page, ticket } = await visitorWithTicket();
    await upload(visitor, `${page}/files`, 'mine.png', SAMPLES.png);
    const id = rows()[0]!.id;
    const other = await visitorWithTicket('Walt');
    expect((await other.visitor.get(`${other.page}/files/${id}`)).status).toBe(404);
    for (const forged of ['0', '-1', '999', 'abc', '1e3', `${id}.png`, `${id}%00`, '..%2F..%2Fetc%2Fpasswd']) {
      expect((await visitor.get(`${page}/files/${forged}`)).status, forged).toBe(404);
    }
    expect((await t.agent().get(`/t/${'A'.repeat(43)}/files/${id}`)).status).toBe(404);
    const signedOut = await t.agent().get(`/desk/files/${id}`);
    expect([401, 303]).toContain(signedOut.status);
    expect(signedOut.headers.get('Content-Disposition')).toBeNull();
    const sam = await t.supporter('Sam');
    expect((await sam.agent.get(`/desk/files/${id}`)).status).toBe(200);
    expect((await sam.agent.get('/desk/files/999')).status).toBe(404);
    // A file whose bytes are gone is simply not found.
    fs.rmSync(path.join(filesDir, rows()[0]!.stored_name));
    expect((await visitor.get(`${page}/files/${id}`)).status).toBe(404);
    void ticket;
  });

  it('never hands a visitor a file attached to a private note', async () => {
    const { visitor, page, ticket, sam } = await claimed();
    await upload(sam.agent, `/desk/tickets/${ticket.id}/files`, 'internal.png', SAMPLES.png);
    const id = rows()[0]!.id;
    t.deps.db.prepare("UPDATE messages SET author = 'note' WHERE id = ?").run(rows()[0]!.message_id);
    expect((await visitor.get(`${page}/files/${id}`)).status).toBe(404);
    expect((await sam.agent.get(`/desk/files/${id}`)).status).toBe(200);
  });

  it('caps what visitors from one address upload per hour across tickets (429), and starts over the next hour', async () => {
    // A PNG padded to the largest size a file may have.
    const big = new Uint8Array(FILE_MAX_BYTES);
    big.set(SAMPLES.png);
    const perHour = Math.ceil(VISITOR_UPLOAD_BYTES_PER_HOUR / FILE_MAX_BYTES);
    const vera = await visitorWithTicket('Vera');
    const walt = await visitorWithTicket('Walt');
    for (let i = 0; i < perHour; i++) {
      const who = i % 2 ? walt : vera;
      expect((await upload(who.visitor, `${who.page}/files`, `shot-${i}.png`, big)).status).toBe(204);
    }
    const stored = rows().length;
    const refused = await upload(walt.visitor, `${walt.page}/files`, 'one-more.png', SAMPLES.png);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(await refused.text()).toBe('You have sent a lot of files in the last hour. Please wait a while, or send a link instead.');
    expect(rows()).toHaveLength(stored);
    expect(onDisk()).toHaveLength(stored);
    // Supporters are not counted against it.
    const sam = await t.supporter('Sam');
    expect((await sam.agent.post(`/desk/tickets/${vera.ticket.id}/claim`, {}, { htmx: true })).status).toBe(200);
    expect((await upload(sam.agent, `/desk/tickets/${vera.ticket.id}/files`, 'answer.png', SAMPLES.png)).status).toBe(204);
    t.clock.advance(3600_000);
    expect((await upload(walt.visitor, `${walt.page}/files`, 'later.png', SAMPLES.png)).status).toBe(204);
  });
});
