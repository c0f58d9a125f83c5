import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimTicket } from '../../src/line/claims.ts';
import { openTicket } from '../../src/line/tickets.ts';
import { PHOTO_MAX_BYTES } from '../../src/supporters/photos.ts';
import { makeTestApp, type Agent } from '../helpers/app.ts';
import { bytes, SAMPLES } from '../files/samples.ts';

/** Sends a photo the way the account page does: multipart, CSRF header, as an htmx request. */
function sendPhoto(agent: Agent, content: Uint8Array<ArrayBuffer> | string, options: { csrf?: string | null; name?: string; type?: string } = {}) {
  const form = new FormData();
  form.append('file', new File([content], options.name ?? 'me.png', { type: options.type ?? 'image/png' }));
  const headers: Record<string, string> = { 'HX-Request': 'true' };
  if (options.csrf !== null) headers['X-CSRF-Token'] = options.csrf ?? agent.csrf;
  return agent.request('/account/photo', { method: 'POST', body: form, headers });
}

describe('a supporter\'s own account: the photo', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  const versionOf = (id: number) => (t.deps.db.prepare('SELECT photo_version AS v FROM supporters WHERE id = ?').get(id) as { v: number | null }).v;
  const photoRows = () => (t.deps.db.prepare('SELECT count(*) AS n FROM supporter_photos').get() as { n: number }).n;

  it('is uploaded, served as the picture its bytes are (nosniff, sandboxed, cached for good) and shown to visitors and the team', async () => {
    const ann = await t.supporter('Ann');
    expect((await t.agent().get('/account', { Accept: 'text/html' })).status).toBe(303);
    const page = await (await ann.agent.get('/account')).text();
    expect(page).toContain('<h1>Your account</h1>');
    expect(page).toContain('class="avatar avatar--large" aria-hidden="true">A</span>');

    const answer = await sendPhoto(ann.agent, SAMPLES.png);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('Your photo is saved.');
    const version = versionOf(ann.id)!;
    const url = `/photos/${ann.id}/${version}`;
    const served = await t.agent().get(url);
    expect(served.status).toBe(200);
    expect(served.headers.get('Content-Type')).toBe('image/png');
    expect(served.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(served.headers.get('Content-Security-Policy')).toContain('sandbox');
    expect(served.headers.get('Cache-Control')).toContain('immutable');
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(SAMPLES.png);

    // The visitor talking with Ann sees her photo; her team sees it in the team list.
    const { ticketId, token } = openTicket(t.deps, { name: 'Vera', problem: 'Help' });
    claimTicket(t.deps, ticketId, ann.id);
    expect(await (await t.agent().get(`/t/${token}`)).text()).toContain(`<img class="avatar avatar--photo" src="${url}" alt=""`);
    const bob = await t.supporter('Bob');
    expect(await (await bob.agent.get('/desk')).text()).toContain(`src="${url}"`);

    // A new photo has a new address; the old one is gone.
    await sendPhoto(ann.agent, SAMPLES.webp, { name: 'me.webp', type: 'image/webp' });
    expect(versionOf(ann.id)).toBeGreaterThan(version);
    expect((await t.agent().get(url)).status).toBe(404);
    expect((await t.agent().get(`/photos/${ann.id}/${versionOf(ann.id)}`)).headers.get('Content-Type')).toBe('image/webp');

    // Removed: initials again, and no photo at any address.
    const removed = await ann.agent.post('/account/photo/remove', {}, { htmx: true });
    expect(await removed.text()).toContain('Your photo is removed');
    expect(versionOf(ann.id)).toBeNull();
    expect(photoRows()).toBe(0);
    expect(await (await t.agent().get(`/t/${token}`)).text()).toContain('<span class="avatar" aria-hidden="true">A</span>');
  });

  it('refuses what is not a small PNG, JPEG or WebP picture, whatever its name or claimed type, and changes nothing', async () => {
    const ann = await t.supporter('Ann');
    await sendPhoto(ann.agent, SAMPLES.png);
    const before = versionOf(ann.id);
    const refusals: Array<[Uint8Array<ArrayBuffer> | string, string]> = [
      ['<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 'A photo must be a PNG, JPEG or WebP picture.'],
      ['<html><script>alert(1)</script></html>', 'A photo must be a PNG, JPEG or WebP picture.'],
      [SAMPLES.gif, 'A photo must be a PNG, JPEG or WebP picture.'],
      [SAMPLES.pdf, 'A photo must be a PNG, JPEG or WebP picture.'],
      ['', 'Choose a picture to upload.'],
      [bytes([...SAMPLES.png], 'x'.repeat(PHOTO_MAX_BYTES)), 'The photo is larger than 1 MB.'],
    ];
    for (const [content, said] of refusals) {
      const answer = await sendPhoto(ann.agent, content);
      expect(await answer.text()).toContain(said);
      expect(versionOf(ann.id)).toBe(before);
    }
    // Without the CSRF header, from a signed-out browser, or as a plain form: refused.
    expect((await sendPhoto(ann.agent, SAMPLES.jpeg, { csrf: null })).status).toBe(403);
    const stranger = t.agent();
    await stranger.get('/login');
    expect((await sendPhoto(stranger, SAMPLES.jpeg)).status).toBe(401);
    expect((await ann.agent.post('/account/photo', { file: 'not a file' })).status).toBe(403);
    expect(versionOf(ann.id)).toBe(before);
    // Forged photo addresses.
    for (const forged of [`/photos/${ann.id}/1`, `/photos/${ann.id}/${before}x`, '/photos/0/1', `/photos/${ann.id + 1}/${before}`, '/photos/../../etc/passwd']) {
      expect((await t.agent().get(forged)).status, forged).toBe(404);
    }
  });
});

describe("a supporter's own account: the password", () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  const OLD = 'correct horse battery';
  const signIn = async (agent: Agent, password: string) => (await agent.post('/login', { email: 'ann@example.com', password })).status;

  it('needs the current password, ends every other session at once and keeps this one', async () => {
    const ann = await t.supporter('Ann');
    const elsewhere = t.agent();
    expect(await signIn(elsewhere, OLD)).toBe(303);

    const tries: Array<[Record<string, string>, string]> = [
      [{ current: 'wrong password!', password: 'a new long password', confirm: 'a new long password' }, 'That is not your current password.'],
      [{ current: OLD, password: 'short', confirm: 'short' }, 'at least 10'],
      [{ current: OLD, password: 'a new long password', confirm: 'a new long passwort' }, 'The two new passwords are not the same.'],
      [{ current: OLD, password: 'x'.repeat(201), confirm: 'x'.repeat(201) }, 'at most 200'],
      [{ current: 'x'.repeat(5000), password: 'a new long password', confirm: 'a new long password' }, 'That is not your current password.'],
    ];
    for (const [fields, said] of tries) {
      const answer = await ann.agent.post('/account/password', fields);
      expect(answer.status).toBe(400);
      expect(await answer.text()).toMatch(new RegExp(said, 'i'));
    }
    expect((await elsewhere.get('/desk')).status).toBe(200);
    expect((await ann.agent.post('/account/password', { current: OLD, password: 'a new long password', confirm: 'a new long password' }, { csrf: 'forged' })).status).toBe(403);

    const changed = await ann.agent.post('/account/password', { current: OLD, password: 'a new long password', confirm: 'a new long password' });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toContain('Your password is changed.');
    expect((await ann.agent.get('/desk')).status).toBe(200);
    expect((await elsewhere.get('/desk', { Accept: 'text/html' })).status).toBe(303);
    expect(await signIn(t.agent(), OLD)).toBe(400);
    expect(await signIn(t.agent(), 'a new long password')).toBe(303);
  });
});

describe("a supporter's own account: where they are signed in", () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0';
  const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

  /** Signs Ann in from a browser that names itself `agentName`. */
  async function signInWith(userAgent: string) {
    const agent = t.agent();
    await agent.get('/login');
    const body = new URLSearchParams({ email: 'ann@example.com', password: 'correct horse battery', _csrf: agent.csrf });
    const res = await agent.request('/login', { method: 'POST', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': userAgent } });
    expect(res.status).toBe(303);
    return agent;
  }
  const seenAt = () => t.deps.db.prepare('SELECT last_seen_at AS at FROM sessions ORDER BY rowid').all().map((row) => (row as { at: number }).at);

  it('lists each session with its browser and last use, and "Sign out everywhere else" ends all but this one', async () => {
    await t.supporter('Ann');
    const office = await signInWith(FIREFOX);
    const laptop = await signInWith(CHROME);
    const odd = await signInWith('<script>alert(1)</script>');
    const page = await (await office.get('/account')).text();
    expect(page).toContain('Firefox 140 · Windows 10/11 <strong>(this browser)</strong>');
    expect(page).toContain('Chrome 124 · Linux');
    expect(page).toContain('Unknown browser');
    expect(page).not.toContain('<script>alert');
    expect(page.match(/\(this browser\)/g)).toHaveLength(1);

    // Last use is written at most once a minute, not on every request.
    const before = seenAt();
    await laptop.get('/desk');
    expect(seenAt()).toEqual(before);
    t.clock.advance(61_000);
    await laptop.get('/desk');
    await laptop.get('/desk');
    const after = seenAt();
    expect(after.filter((at, i) => at !== before[i])).toEqual([before[2]! + 61_000]);

    // Forged: nothing ends.
    expect((await office.post('/account/sessions/end-others', {}, { csrf: 'forged' })).status).toBe(403);
    expect((await laptop.get('/desk')).status).toBe(200);

    const answer = await office.post('/account/sessions/end-others');
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('Signed out in 3 other places.');
    for (const gone of [laptop, odd]) expect((await gone.get('/desk', { Accept: 'text/html' })).status).toBe(303);
    expect((await office.get('/desk')).status).toBe(200);
    expect(await (await office.post('/account/sessions/end-others')).text()).toContain('You were not signed in anywhere else.');
  });
});
