import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimTicket } from '../../src/line/claims.ts';
import { closeTicket } from '../../src/line/close.ts';
import { makeTestApp } from '../helpers/app.ts';
import { watchDesk } from '../helpers/desk.ts';

const HOSTILE = '<script>alert(1)</script> Vera';

/** A visitor's complaint about a conversation, and the supervisors who handle it. */
describe('complaints', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  const rows = () => t.deps.db.prepare('SELECT ticket_id AS ticketId, body, state, taken_by AS takenBy, answer FROM complaints ORDER BY id').all();
  const complain = (agent: ReturnType<typeof t.agent>, page: string, body: string, options: { htmx?: boolean; csrf?: string } = { htmx: true }) =>
    agent.post(`${page}/complaint`, { complaint: body }, options);

  async function team() {
    const sam = await t.supporter('Sam', 'supervisor');
    const adam = await t.supporter('Adam', 'admin');
    const ann = await t.supporter('Ann');
    return { sam, adam, ann };
  }

  it("reaches supervisors' desks at once, and the visitor's page says it is with them", async () => {
    const { sam, ann } = await team();
    const samDesk = watchDesk(t, sam.id);
    const annDesk = watchDesk(t, ann.id);
    const vera = t.agent();
    const page = await vera.join(HOSTILE, 'The invoice is wrong', 'vera@example.com');
    expect(await (await vera.get(page)).text()).toContain('Complain about this conversation');
    const res = await complain(vera, page, 'Nobody answered for <b>ten</b> minutes');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Thank you. Your complaint is with the team&#39;s supervisors.');
    expect(rows()).toEqual([{ ticketId: 1, body: 'Nobody answered for <b>ten</b> minutes', state: 'open', takenBy: null, answer: null }]);
    expect(samDesk.pushed()).toContain('Nobody answered for &lt;b&gt;ten&lt;/b&gt; minutes');
    expect(samDesk.pushed()).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Vera');
    expect(samDesk.pushed()).not.toContain('<script>alert(1)');
    expect(samDesk.signals).toContain('lineup:complaint');
    expect(samDesk.snapshot()).toContain('id="complaint-1"');
    expect(annDesk.pushed()).not.toContain('Nobody answered');
    expect(annDesk.snapshot()).not.toContain('id="complaints"');
    expect(await (await vera.get(page)).text()).toContain('Your complaint is with the team');
  });

  it('refuses an empty, long, forged or fourth complaint with a clear message, and stores nothing', async () => {
    await team();
    const vera = t.agent();
    const page = await vera.join('Vera', 'Help');
    const empty = await complain(vera, page, '   ');
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Write what went wrong first.');
    const long = await complain(vera, page, 'x'.repeat(2001));
    expect(long.status).toBe(400);
    expect(await long.text()).toContain('At most 2000 characters.');
    expect((await complain(vera, '/t/forgedforgedforgedforgedforgedforgedforged', 'Bad')).status).toBe(404);
    expect((await complain(vera, page, 'Bad', { csrf: 'forged' })).status).toBe(403);
    // Another visitor cannot complain about Vera's conversation without her page's key.
    const petr = t.agent();
    await petr.join('Petr', 'Hi');
    expect(rows()).toEqual([]);
    for (let i = 0; i < 3; i++) expect((await complain(vera, page, `Complaint ${i}`)).status).toBe(200);
    const fourth = await complain(vera, page, 'Once more');
    expect(fourth.status).toBe(409);
    expect(await fourth.text()).toContain('has had 3 complaints already');
    expect(rows()).toHaveLength(3);
  });

  it('is taken by exactly one supervisor, who answers the visitor by e-mail and resolves it', async () => {
    const { sam, adam, ann } = await team();
    const vera = t.agent();
    const page = await vera.join('Vera', 'Help', 'vera@example.com');
    await complain(vera, page, 'Rude answer');
    const desk = (agent: typeof sam.agent, what: string, form: Record<string, string> = {}) => agent.post(`/desk/complaints/1/${what}`, form, { htmx: true });

    expect((await desk(ann.agent, 'take')).status).toBe(403);
    expect((await desk(sam.agent, 'answer', { answer: 'Sorry' })).status).toBe(409);
    const [samTakes, adamTakes] = await Promise.all([desk(sam.agent, 'take'), desk(adam.agent, 'take')]);
    expect([samTakes.status, adamTakes.status].sort()).toEqual([200, 409]);
    const holder = samTakes.status === 200 ? sam : adam;
    const other = holder === sam ? adam : sam;
    expect(await (samTakes.status === 409 ? samTakes : adamTakes).text()).toContain(`${holder.name} took this complaint.`);
    expect((await desk(other.agent, 'answer', { answer: 'Sorry' })).status).toBe(403);
    expect((await desk(holder.agent, 'answer', { answer: '  ' })).status).toBe(400);
    const answered = await desk(holder.agent, 'answer', { answer: 'We are sorry: it will not happen again.' });
    expect(answered.status).toBe(200);
    expect(await answered.text()).toContain('Your answer to Vera is on its way.');
    const mail = t.deps.db.prepare("SELECT to_address AS toAddress, subject, text FROM mail_outbox WHERE kind = 'complaint'").get() as { toAddress: string; subject: string; text: string };
    expect(mail.toAddress).toBe('vera@example.com');
    expect(mail.text).toContain('We are sorry: it will not happen again.');
    expect(mail.text).toContain('Rude answer');
    expect((await desk(holder.agent, 'resolve')).status).toBe(200);
    expect(rows()).toEqual([{ ticketId: 1, body: 'Rude answer', state: 'resolved', takenBy: holder.id, answer: 'We are sorry: it will not happen again.' }]);
    expect((await desk(holder.agent, 'resolve')).status).toBe(409);
    expect((await sam.agent.post('/desk/complaints/99/take', {}, { htmx: true })).status).toBe(404);
    expect((await sam.agent.post('/desk/complaints/1/take', {}, { csrf: 'forged' })).status).toBe(403);
  });

  it('cannot be answered by mail without an address; the transcript mail links to the complaint form', async () => {
    const { sam, ann } = await team();
    const vera = t.agent();
    const page = await vera.join('Vera', 'Help');
    await complain(vera, page, 'Slow');
    await sam.agent.post('/desk/complaints/1/take', {}, { htmx: true });
    const refused = await sam.agent.post('/desk/complaints/1/answer', { answer: 'Sorry' }, { htmx: true });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('The visitor left no e-mail address to answer.');

    await t.agent().join('Petr', 'Help', 'petr@example.com');
    claimTicket(t.deps, 2, ann.id);
    closeTicket(t.deps, 2, ann.id, '');
    const transcript = t.deps.db.prepare("SELECT text FROM mail_outbox WHERE kind = 'transcript'").pluck().get() as string;
    expect(transcript).toMatch(/Not happy with how this went\? Tell the team's supervisors:\nhttp:\/\/localhost:3000\/t\/[\w-]+#complain/);
  });
});
