import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postMessage } from '../../src/chat/messages.ts';
import { claimTicket } from '../../src/line/claims.ts';
import { closeTicket } from '../../src/line/close.ts';
import { openTicket } from '../../src/line/tickets.ts';
import { personalDataIn } from '../../src/faq/personal-data.ts';
import { searchFaq } from '../../src/faq/public.ts';
import { makeTestApp } from '../helpers/app.ts';

describe('the FAQ', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  /** A closed conversation about an export that crashes, with the visitor's details in it. */
  function transcript(supporterId: number) {
    const { ticketId } = openTicket(t.deps, { name: 'Vera Petrova', email: 'vera@example.com', problem: 'The CSV export crashes' });
    t.deps.db.prepare(`UPDATE tickets SET custom_fields = '{"account":"AC-4711"}' WHERE id = ?`).run(ticketId);
    claimTicket(t.deps, ticketId, supporterId);
    postMessage(t.deps, ticketId, { kind: 'visitor' }, 'It stops at 50%, my number is +45 12 34 56 78');
    postMessage(t.deps, ticketId, { kind: 'supporter', supporterId }, 'Hi Vera, open **Settings** and turn off *Include archived rows*, then export again.');
    closeTicket(t.deps, ticketId, supporterId, '');
    return ticketId;
  }

  const entryState = (id: number) => t.deps.db.prepare('SELECT state FROM faq_entries WHERE id = ?').pluck().get(id);

  it('makes a draft from a transcript, flags personal data until it is gone or cleared, and publishes after review', async () => {
    const ann = await t.supporter('Ann');
    const sam = await t.supporter('Sam', 'supervisor');
    const ticketId = transcript(ann.id);
    const made = await ann.agent.post('/desk/faq', { from: String(ticketId) });
    expect(made.status).toBe(303);
    const id = Number(made.headers.get('Location')!.split('/').pop());
    const page = await (await ann.agent.get(`/desk/faq/${id}`)).text();
    expect(page).toContain('The CSV export crashes');
    expect(page).toContain('turn off *Include archived rows*');
    expect(page).toContain('Personal data left in this entry');
    for (const finding of ['+45 12 34 56 78', 'Vera']) expect(page).toContain(finding);
    // Not for review while personal data is left.
    expect((await ann.agent.post(`/desk/faq/${id}/move`, { to: 'review' })).status).toBe(409);

    // Ann takes the name and number out; the shop's own address may stay.
    const saved = await ann.agent.post(`/desk/faq/${id}`, {
      question: 'The CSV export stops halfway <script>alert(1)</script>', answer: 'Open **Settings** and turn off *Include archived rows*, then export again. Mail help@shop.test if it still fails.',
      language: 'en', clear_0: 'help@shop.test',
    });
    expect(saved.status).toBe(200);
    expect(await saved.text()).not.toContain('Personal data left in this entry');
    expect((await ann.agent.post(`/desk/faq/${id}/move`, { to: 'review' })).status).toBe(200);
    // A supporter may not publish; a supervisor may.
    expect((await ann.agent.post(`/desk/faq/${id}/move`, { to: 'published' })).status).toBe(403);
    expect(entryState(id)).toBe('review');
    expect((await sam.agent.post(`/desk/faq/${id}/move`, { to: 'published' })).status).toBe(200);
    expect(entryState(id)).toBe('published');
    const changes = t.deps.db.prepare('SELECT change, supporter_id AS who FROM faq_revisions WHERE entry_id = ? ORDER BY id').all(id);
    expect(changes).toEqual([{ change: 'created', who: ann.id }, { change: 'edited', who: ann.id }, { change: 'review', who: ann.id }, { change: 'published', who: sam.id }]);

    // The public entry: the markup stays text, the answer's formatting renders, the source transcript is never named.
    const visitor = t.agent();
    const shown = await (await visitor.get(`/faq/${id}`)).text();
    expect(shown).toContain('The CSV export stops halfway &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(shown).toContain('<strong>Settings</strong>');
    expect(shown).not.toContain(`/transcripts/${ticketId}`);
    expect(shown).not.toContain('Vera');
    // Found by a word, a prefix, and not by FTS syntax.
    expect(searchFaq(t.deps.db, 'archived', 'en', null)!.map((h) => h.id)).toEqual([id]);
    expect(searchFaq(t.deps.db, 'expo', 'en', null)!.map((h) => h.id)).toEqual([id]);
    for (const q of ['export AND (', 'NEAR(a b)', '"', 'question:csv', 'x'.repeat(10_000)]) expect(() => searchFaq(t.deps.db, q, 'en', null), q.slice(0, 20)).not.toThrow();
    expect(await (await visitor.get('/faq?q=settings')).text()).toContain(`/faq/${id}`);
    expect(await (await visitor.get('/faq?q=%22%29%28*')).text()).toContain('Type words to look for.');

    // Archived: visitors no longer see it.
    expect((await sam.agent.post(`/desk/faq/${id}/move`, { to: 'archived' })).status).toBe(200);
    expect((await visitor.get(`/faq/${id}`)).status).toBe(404);
    expect(searchFaq(t.deps.db, 'archived', 'en', null)).toEqual([]);
  });

  it('counts "Was this helpful?" once per visitor, and refuses forged answers and unknown entries', async () => {
    const sam = await t.supporter('Sam', 'supervisor');
    const id = Number((await sam.agent.post('/desk/faq', { from: String(transcript(sam.id)) })).headers.get('Location')!.split('/').pop());
    await sam.agent.post(`/desk/faq/${id}`, { question: 'Export stops', answer: 'Turn off archived rows.', language: 'en' });
    expect((await sam.agent.post(`/desk/faq/${id}/move`, { to: 'published' })).status).toBe(200);
    const visitor = t.agent();
    expect((await visitor.post(`/faq/${id}/vote`, { helpful: 'yes' })).status).toBe(303);
    expect((await visitor.post(`/faq/${id}/vote`, { helpful: 'yes' })).status).toBe(303);
    expect((await visitor.post(`/faq/${id}/vote`, { helpful: 'no' })).status).toBe(303);
    expect((await t.agent().post(`/faq/${id}/vote`, { helpful: 'no' })).status).toBe(303);
    expect(t.deps.db.prepare('SELECT helpful, not_helpful AS no FROM faq_entries WHERE id = ?').get(id)).toEqual({ helpful: 1, no: 1 });
    expect((await visitor.post(`/faq/${id}/vote`, { helpful: 'maybe' })).status).toBe(400);
    expect((await visitor.post(`/faq/${id}/vote`, { helpful: 'yes' }, { csrf: null })).status).toBe(403);
    expect((await visitor.post('/faq/99999/vote', { helpful: 'yes' })).status).toBe(404);
    expect((await visitor.get('/faq/abc')).status).toBe(404);
    expect((await visitor.get('/faq?site=nosuchsite')).status).toBe(404);
    expect((await visitor.get('/faq?topic=x')).status).toBe(400);
  });

  it('keeps a version in each language linked, and shows only the published ones', async () => {
    const sam = await t.supporter('Sam', 'admin');
    const id = Number((await sam.agent.post('/desk/faq', { from: String(transcript(sam.id)) })).headers.get('Location')!.split('/').pop());
    await sam.agent.post(`/desk/faq/${id}`, { question: 'Export stops', answer: 'Turn off archived rows.', language: 'en' });
    await sam.agent.post(`/desk/faq/${id}/move`, { to: 'published' });
    const made = await sam.agent.post(`/desk/faq/${id}/version`, { language: 'da' });
    const da = Number(made.headers.get('Location')!.split('/').pop());
    expect((await sam.agent.post(`/desk/faq/${id}/version`, { language: 'da' })).status).toBe(409);
    expect(await (await t.agent().get(`/faq/${id}`)).text()).not.toContain('Dansk');
    await sam.agent.post(`/desk/faq/${da}`, { question: 'Eksporten stopper', answer: 'Slå arkiverede rækker fra.', language: 'da' });
    await sam.agent.post(`/desk/faq/${da}/move`, { to: 'published' });
    expect(await (await t.agent().get(`/faq/${id}`)).text()).toContain(`href="/faq/${da}"`);
    // A Danish reader finds the Danish one first.
    expect(searchFaq(t.deps.db, 'rows rækker', 'da', null)).toEqual([]);
    expect(searchFaq(t.deps.db, 'export', 'da', null)!.map((h) => h.id)[0]).toBe(id);
    expect(searchFaq(t.deps.db, 'eksporten', 'da', null)!.map((h) => h.id)).toEqual([da]);
  });

  it("shows an entry meant for one site on that site's FAQ only, and one for every site everywhere", async () => {
    const sam = await t.supporter('Sam', 'admin');
    const addSite = t.deps.db.prepare("INSERT INTO sites (key, name, origins, secret, created_at) VALUES (?, ?, '[]', 'x', 0) RETURNING id");
    const shop = (addSite.get('shopshopshopshop', 'Shop') as { id: number }).id;
    const blog = (addSite.get('blogblogblogblog', 'Blog') as { id: number }).id;
    const publish = async (question: string, sites: Record<string, string>) => {
      const id = Number((await sam.agent.post('/desk/faq', { from: String(transcript(sam.id)) })).headers.get('Location')!.split('/').pop());
      expect((await sam.agent.post(`/desk/faq/${id}`, { question, answer: 'Turn off archived rows.', language: 'en', ...sites })).status).toBe(200);
      expect((await sam.agent.post(`/desk/faq/${id}/move`, { to: 'published' })).status).toBe(200);
      return id;
    };
    const shopOnly = await publish('Shop export stops', { [`site_${shop}`]: '1' });
    const everywhere = await publish('Export stops everywhere', {});
    const ids = (html: string) => [...html.matchAll(/href="\/faq\/(\d+)/g)].map((m) => Number(m[1])).sort();
    expect(ids(await (await t.agent().get('/faq?site=shopshopshopshop')).text())).toEqual([shopOnly, everywhere].sort());
    expect(ids(await (await t.agent().get('/faq?site=blogblogblogblog')).text())).toEqual([everywhere]);
    expect(ids(await (await t.agent().get('/faq')).text())).toEqual([everywhere]);
    expect(searchFaq(t.deps.db, 'export', 'en', blog)!.map((h) => h.id)).toEqual([everywhere]);
  });

  it('refuses to make an entry from an open ticket or a forged one, and empty or oversized text', async () => {
    const ann = await t.supporter('Ann');
    const { ticketId } = openTicket(t.deps, { name: 'Vera', problem: 'Help' });
    expect((await ann.agent.post('/desk/faq', { from: String(ticketId) })).status).toBe(400);
    expect((await ann.agent.post('/desk/faq', { from: '99999' })).status).toBe(400);
    expect((await ann.agent.post('/desk/faq', { from: "1 OR 1=1" })).status).toBe(400);
    const id = Number((await ann.agent.post('/desk/faq', { from: String(transcript(ann.id)) })).headers.get('Location')!.split('/').pop());
    for (const form of [{ question: '', answer: 'x' }, { question: 'q', answer: '' }, { question: 'q'.repeat(501), answer: 'x' }, { question: 'q', answer: 'a'.repeat(10_001) },
      { question: 'q', answer: 'a', language: 'xx' }, { question: 'q', answer: 'a', topic: '999' }, { question: 'q', answer: 'a', site_77: '1' }] as Array<Record<string, string>>) {
      expect((await ann.agent.post(`/desk/faq/${id}`, form)).status, JSON.stringify(form).slice(0, 60)).toBe(400);
    }
    expect((await ann.agent.post(`/desk/faq/${id}/move`, { to: 'nowhere' })).status).toBe(409);
    expect((await ann.agent.get('/desk/faq/99999')).status).toBe(404);
    expect((await t.app.request('/desk/faq')).status).toBe(401);
  });

  it('finds addresses, phone numbers and what the source visitors were known by, but not what was cleared', () => {
    const visitors = [{ name: 'Vera Petrova', email: 'vera@example.com', fields: ['AC-4711'] }];
    const found = personalDataIn('Write to vera@example.com or call (030) 123-4567. Account AC-4711. Veranda is not a name. Petrova said hi. Order 12345.', visitors, []);
    // "Vera" is found inside her address too; "Veranda" is not her.
    expect(found.map((f) => f.text)).toEqual(['vera@example.com', '(030) 123-4567', 'Vera', 'Petrova', 'AC-4711']);
    expect(personalDataIn('Mail help@shop.test', [], ['HELP@shop.test'])).toEqual([]);
  });
});
