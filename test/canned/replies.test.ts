import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addCannedReply, deleteCannedReply, listCannedReplies, updateCannedReply, type CannedReply } from '../../src/canned/replies.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../src/lib/errors.ts';
import { makeTestApp } from '../helpers/app.ts';

const ALL_STORED = (t: ReturnType<typeof makeTestApp>) =>
  t.deps.db.prepare('SELECT id, owner_id AS ownerId, name, body, created_at AS createdAt, updated_at AS updatedAt FROM canned_replies ORDER BY id').all() as CannedReply[];

describe('canned replies: the rules', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  it('keeps a personal reply for its owner and a shared one for the team', async () => {
    const ann = await t.supporter('Ann Admin', 'admin');
    const sam = await t.supporter('Sam Support');
    addCannedReply(t.deps, sam, { name: 'thanks', body: 'Thank you, {visitor.name}!' });
    addCannedReply(t.deps, ann, { name: 'greeting', body: 'Hello!', shared: 'on' });

    const forSam = listCannedReplies(t.deps.db, sam);
    expect(forSam.personal.map((r) => r.name)).toEqual(['thanks']);
    expect(forSam.shared.map((r) => r.name)).toEqual(['greeting']);
    expect(listCannedReplies(t.deps.db, ann).personal).toEqual([]);
  });

  it('stores a name as typed, drops a leading slash, and trims the text', async () => {
    const sam = await t.supporter('Sam Support');
    const reply = addCannedReply(t.deps, sam, { name: ' /Refund_Policy-2 ', body: '  Refunds take 5 days.\r\n  ' });
    expect(reply).toMatchObject({ name: 'Refund_Policy-2', body: 'Refunds take 5 days.', ownerId: sam.id });
  });

  it('refuses hostile and malformed names with a clear message, and stores nothing', async () => {
    const sam = await t.supporter('Sam Support');
    const cases: Array<[unknown, RegExp]> = [
      ['', /Name is required/],
      ['two words', /letters a to z, digits, - and _ \(no spaces\)/],
      ['<script>', /letters a to z/],
      ['x'.repeat(33), /at most 32 characters/],
      ['{visitor.name}', /letters a to z/],
      ['naïve', /letters a to z/],
      [['array'], /Name is required/],
    ];
    for (const [name, message] of cases) {
      expect(() => addCannedReply(t.deps, sam, { name, body: 'Hi' }), String(name)).toThrow(message);
    }
    expect(ALL_STORED(t)).toEqual([]);
  });

  it('refuses an empty text or one over 2000 characters', async () => {
    const sam = await t.supporter('Sam Support');
    expect(() => addCannedReply(t.deps, sam, { name: 'a', body: ' \n ' })).toThrow('Text is required.');
    expect(() => addCannedReply(t.deps, sam, { name: 'a', body: 'x'.repeat(2001) })).toThrow('Text must be at most 2000 characters.');
    expect(addCannedReply(t.deps, sam, { name: 'a', body: 'x'.repeat(2000) }).body).toHaveLength(2000);
  });

  it('refuses a second reply of the same name from the same owner, whatever the case', async () => {
    const ann = await t.supporter('Ann Admin', 'admin');
    const sam = await t.supporter('Sam Support');
    addCannedReply(t.deps, sam, { name: 'greeting', body: 'Hi' });
    expect(() => addCannedReply(t.deps, sam, { name: 'GREETING', body: 'Hello' })).toThrow(Conflict);
    // Other owners, and the shared set, have names of their own.
    addCannedReply(t.deps, ann, { name: 'greeting', body: 'Hi from Ann' });
    addCannedReply(t.deps, ann, { name: 'Greeting', body: 'Hi team', shared: 'on' });
    expect(() => addCannedReply(t.deps, ann, { name: 'greeting', body: 'again', shared: 'on' })).toThrow('There is already a shared reply named greeting.');
    const other = addCannedReply(t.deps, sam, { name: 'bye', body: 'Bye' });
    expect(() => updateCannedReply(t.deps, sam, other.id, { name: 'Greeting', body: 'Bye' })).toThrow('You already have a reply named Greeting.');
    // Renaming a reply to its own name in another case is no clash.
    expect(updateCannedReply(t.deps, sam, other.id, { name: 'BYE', body: 'Bye!' }).name).toBe('BYE');
  });

  it('lets only admins add, change or delete shared replies, and changes nothing otherwise', async () => {
    const ann = await t.supporter('Ann Admin', 'admin');
    const sue = await t.supporter('Sue Supervisor', 'supervisor');
    const shared = addCannedReply(t.deps, ann, { name: 'greeting', body: 'Hello', shared: 'on' });
    const before = ALL_STORED(t);
    expect(() => addCannedReply(t.deps, sue, { name: 'mine', body: 'x', shared: 'on' })).toThrow(Forbidden);
    expect(() => updateCannedReply(t.deps, sue, shared.id, { name: 'greeting', body: 'Changed' })).toThrow(Forbidden);
    expect(() => deleteCannedReply(t.deps, sue, shared.id)).toThrow(Forbidden);
    expect(ALL_STORED(t)).toEqual(before);
    expect(updateCannedReply(t.deps, ann, shared.id, { name: 'hello', body: 'Hello there' }).ownerId).toBeNull();
    deleteCannedReply(t.deps, ann, shared.id);
    expect(ALL_STORED(t)).toEqual([]);
  });

  it("treats another supporter's personal reply exactly like a missing one", async () => {
    const ann = await t.supporter('Ann Admin', 'admin');
    const sam = await t.supporter('Sam Support');
    const private_ = addCannedReply(t.deps, sam, { name: 'secret', body: 'Only mine' });
    const before = ALL_STORED(t);
    for (const id of [private_.id, 9999, null]) {
      expect(() => updateCannedReply(t.deps, ann, id, { name: 'x', body: 'y' })).toThrow(NotFound);
      expect(() => deleteCannedReply(t.deps, ann, id)).toThrow('There is no such canned reply.');
    }
    expect(ALL_STORED(t)).toEqual(before);
  });

  it('checks who may change a reply before it looks at the new text', async () => {
    const ann = await t.supporter('Ann Admin', 'admin');
    const sam = await t.supporter('Sam Support');
    const shared = addCannedReply(t.deps, ann, { name: 'greeting', body: 'Hello', shared: 'on' });
    expect(() => updateCannedReply(t.deps, sam, shared.id, { name: '', body: '' })).toThrow(Forbidden);
    expect(() => updateCannedReply(t.deps, ann, shared.id, { name: '', body: '' })).toThrow(Invalid);
  });
});

describe('canned replies: the /canned page', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  it('lists personal and shared replies, escaped, with forms to add, edit and delete', async () => {
    const ann = await t.supporter('Ann Admin', 'admin');
    addCannedReply(t.deps, ann, { name: 'greeting', body: 'Hello <img src=x onerror=alert(1)>', shared: 'on' });
    addCannedReply(t.deps, ann, { name: 'mine', body: 'Mine & only mine' });
    const res = await ann.agent.get('/canned');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>Canned replies</h1>');
    expect(html).toContain('Hello &lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('Mine &amp; only mine');
    expect(html).toMatch(/<a href="\/canned" aria-current="page">Canned replies<\/a>/);
    expect(html).toContain('<label for="new-shared">Shared with the team</label>');
    expect(html).toContain('>Save changes</button>');
    expect(html).toContain('Add reply</button>');
    expect(html.match(/action="\/canned\/\d+\/delete"/g)).toHaveLength(2);
  });

  it("shows non-admins the shared replies read-only and no sharing checkbox", async () => {
    const ann = await t.supporter('Ann Admin', 'admin');
    const sam = await t.supporter('Sam Support');
    const shared = addCannedReply(t.deps, ann, { name: 'greeting', body: 'Hello', shared: 'on' });
    const html = await (await sam.agent.get('/canned')).text();
    expect(html).toContain('/greeting');
    expect(html).toContain('only an admin can change them');
    expect(html).not.toContain(`action="/canned/${shared.id}`);
    expect(html).not.toContain('new-shared');
  });

  it('sends someone who is not signed in to the sign-in page', async () => {
    const res = await t.agent().get('/canned', { Accept: 'text/html' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/login');
  });

  it('adds a reply with a plain form post and goes back to the list', async () => {
    const sam = await t.supporter('Sam Support');
    const res = await sam.agent.post('/canned', { name: 'thanks', body: 'Thank you!' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/canned?done=added');
    const page = await (await sam.agent.get('/canned?done=added')).text();
    expect(page).toContain('Reply added.');
    expect(page).toContain('Thank you!');
  });

  it('answers an htmx post with the fresh list and a notice', async () => {
    const sam = await t.supporter('Sam Support');
    const res = await sam.agent.post('/canned', { name: 'thanks', body: 'Thank you!' }, { htmx: true });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Reply added.');
    expect(html).toContain('/thanks');
  });

  it('shows only its own fixed notices, whatever the address says', async () => {
    const sam = await t.supporter('Sam Support');
    const html = await (await sam.agent.get('/canned?done=<b>pwned</b>')).text();
    expect(html).not.toContain('pwned');
  });

  it('answers hostile names and oversized texts with 400, the reason beside the field, and stores nothing', async () => {
    const sam = await t.supporter('Sam Support');
    for (const name of ['two words', '<script>alert(1)</script>', 'x'.repeat(33), '']) {
      const res = await sam.agent.post('/canned', { name, body: 'Hi' });
      expect(res.status, name).toBe(400);
      const html = await res.text();
      expect(html).toContain('Please fix the fields below.');
      expect(html).toMatch(/Name is required\.|Name must be at most 32 characters\.|Name can only use letters a to z, digits, - and _ \(no spaces\)\./);
      expect(html).toContain('aria-invalid="true"');
      expect(html).not.toContain('<script>alert(1)');
    }
    const long = await sam.agent.post('/canned', { name: 'long', body: 'x'.repeat(2001) }, { htmx: true });
    expect(long.status).toBe(400);
    expect(await long.text()).toContain('Text must be at most 2000 characters.');
    expect(ALL_STORED(t)).toEqual([]);
  });

  it('answers a duplicate name with 409 and keeps the typed values', async () => {
    const sam = await t.supporter('Sam Support');
    await sam.agent.post('/canned', { name: 'thanks', body: 'Thank you!' });
    const res = await sam.agent.post('/canned', { name: 'Thanks', body: 'Second text' });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('You already have a reply named Thanks.');
    expect(html).toContain('Second text</textarea>');
    expect(ALL_STORED(t)).toHaveLength(1);
  });

  it('refuses a post without the CSRF secret and changes nothing', async () => {
    const sam = await t.supporter('Sam Support');
    const reply = addCannedReply(t.deps, sam, { name: 'thanks', body: 'Thank you!' });
    const before = ALL_STORED(t);
    for (const path of ['/canned', `/canned/${reply.id}`, `/canned/${reply.id}/delete`]) {
      const res = await sam.agent.post(path, { name: 'other', body: 'Other' }, { csrf: null });
      expect(res.status, path).toBe(403);
    }
    expect(ALL_STORED(t)).toEqual(before);
  });

  it('gives a non-admin 403 for any change to shared replies, and changes nothing', async () => {
    const ann = await t.supporter('Ann Admin', 'admin');
    const sam = await t.supporter('Sam Support');
    const shared = addCannedReply(t.deps, ann, { name: 'greeting', body: 'Hello', shared: 'on' });
    const before = ALL_STORED(t);
    const add = await sam.agent.post('/canned', { name: 'team', body: 'For all', shared: 'on' });
    expect(add.status).toBe(403);
    expect(await add.text()).toContain('Only an admin can add shared replies.');
    const edit = await sam.agent.post(`/canned/${shared.id}`, { name: 'greeting', body: 'Changed' }, { htmx: true });
    expect(edit.status).toBe(403);
    expect(await edit.text()).toContain('Only an admin can change shared replies.');
    expect((await sam.agent.post(`/canned/${shared.id}/delete`)).status).toBe(403);
    expect(ALL_STORED(t)).toEqual(before);
  });

  it("gives 404 for another supporter's personal reply or a forged id, and changes nothing", async () => {
    const ann = await t.supporter('Ann Admin', 'admin');
    const sam = await t.supporter('Sam Support');
    const secret = addCannedReply(t.deps, sam, { name: 'secret', body: 'Only for Sam' });
    const before = ALL_STORED(t);
    for (const id of [String(secret.id), '9999', 'abc', '0', '1e3', '99999999999999999999']) {
      const edit = await ann.agent.post(`/canned/${id}`, { name: 'mine', body: 'Taken' });
      expect(edit.status, id).toBe(404);
      const html = await edit.text();
      expect(html).toContain('There is no such canned reply.');
      expect(html).not.toContain('Only for Sam');
      expect((await ann.agent.post(`/canned/${id}/delete`, {}, { htmx: true })).status, id).toBe(404);
    }
    expect(await (await ann.agent.get('/canned')).text()).not.toContain('secret');
    expect(ALL_STORED(t)).toEqual(before);
  });

  it('edits and deletes a reply of your own', async () => {
    const sam = await t.supporter('Sam Support');
    const reply = addCannedReply(t.deps, sam, { name: 'thanks', body: 'Thank you!' });
    const edit = await sam.agent.post(`/canned/${reply.id}`, { name: 'thanks', body: 'Thanks a lot!' });
    expect(edit.headers.get('Location')).toBe('/canned?done=saved');
    expect(ALL_STORED(t)[0]!.body).toBe('Thanks a lot!');
    const bad = await sam.agent.post(`/canned/${reply.id}`, { name: 'thanks', body: '' }, { htmx: true });
    expect(bad.status).toBe(400);
    // The edit form with the mistake comes back open, with the reason.
    expect(await bad.text()).toMatch(/<details class="canned-reply__edit" open>[\s\S]*Text is required\./);
    expect(ALL_STORED(t)[0]!.body).toBe('Thanks a lot!');
    const gone = await sam.agent.post(`/canned/${reply.id}/delete`);
    expect(gone.headers.get('Location')).toBe('/canned?done=deleted');
    expect(ALL_STORED(t)).toEqual([]);
  });
});
