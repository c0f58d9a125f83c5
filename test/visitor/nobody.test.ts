import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listMessages } from '../../src/chat/messages.ts';
import { ticketById } from '../../src/line/tickets.ts';
import { makeTestApp } from '../helpers/app.ts';

const onDesk = (t: ReturnType<typeof makeTestApp>, id: number, status = 'available') =>
  t.deps.db.prepare("UPDATE supporters SET online = 1, place = 'desk', status = ? WHERE id = ?").run(status, id);
const offDesk = (t: ReturnType<typeof makeTestApp>, id: number) =>
  t.deps.db.prepare("UPDATE supporters SET online = 0, place = 'offline' WHERE id = ?").run(id);
const teamMail = (t: ReturnType<typeof makeTestApp>) =>
  t.deps.db.prepare("SELECT kind, to_address AS toAddress, text FROM mail_outbox WHERE kind = 'offline'").all() as Array<{ kind: string; toAddress: string; text: string }>;

describe('nobody left: the visitor is told, and may leave a message instead', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp({ TEAM_EMAIL: 'team@example.com' }); });
  afterEach(() => t.close());

  it('says on the ticket page whether anyone is available, and offers the choice only then', async () => {
    const sam = await t.supporter('Sam');
    const vera = t.agent();
    const page = await vera.join('Vera', 'My invoice is wrong');
    const nobodyPage = await (await vera.get(page)).text();
    expect(nobodyPage).toContain('<span id="staffed" hidden data-nobody="1"></span>');
    expect(nobodyPage).toContain('>Keep waiting</button>');
    expect(nobodyPage).toContain('>Leave a message instead</button>');
    onDesk(t, sam.id);
    expect(await (await vera.get(page)).text()).toContain('<span id="staffed" hidden data-nobody="0"></span>');
    // Away is not available.
    onDesk(t, sam.id, 'away');
    expect(await (await vera.get(page)).text()).toContain('data-nobody="1"');
  });

  it('pushes the change to every open page at once, only when it changes', async () => {
    const sam = await t.supporter('Sam');
    const pushed: string[][] = [[], []];
    pushed.forEach((frames) => t.staffing.watch((html) => frames.push(html)));
    expect(pushed.map((f) => f.length)).toEqual([1, 1]);
    expect(pushed[0]![0]).toContain('data-nobody="1"');
    onDesk(t, sam.id);
    t.staffing.check();
    expect(pushed.map((f) => f.at(-1))).toEqual([expect.stringContaining('data-nobody="0"'), expect.stringContaining('data-nobody="0"')]);
    t.staffing.check();
    expect(pushed.map((f) => f.length)).toEqual([2, 2]);
    offDesk(t, sam.id);
    t.staffing.check();
    expect(pushed[1]!.at(-1)).toContain('data-nobody="1"');
  });

  it('turns the ticket into a message for the team with everything the visitor wrote and what was still in the box', async () => {
    const vera = t.agent();
    const page = await vera.join('Vera', 'My invoice is wrong');
    expect((await vera.post(`${page}/messages`, { body: 'Order 77, since Monday' }, { htmx: true })).status).toBe(204);
    const noEmail = await vera.post(`${page}/leave-message`, { body: 'Please call me back' }, { htmx: true });
    expect(noEmail.status).toBe(400);
    expect(ticketById(t.deps.db, 1).state).toBe('waiting');
    const res = await vera.post(`${page}/leave-message`, { email: 'vera@example.com', body: 'Please call me back' }, { htmx: true });
    expect(res.status).toBe(204);
    const ticket = ticketById(t.deps.db, 1);
    expect([ticket.state, ticket.offline, ticket.visitorEmail]).toEqual(['closed', true, 'vera@example.com']);
    expect(listMessages(t.deps.db, 1).map((m) => [m.author, m.body])).toEqual(expect.arrayContaining([
      ['visitor', 'Order 77, since Monday'], ['visitor', 'Please call me back'],
    ]));
    const [mail] = teamMail(t);
    expect(mail!.toAddress).toContain('team@example.com');
    for (const said of ['My invoice is wrong', 'Order 77, since Monday', 'Please call me back']) expect(mail!.text).toContain(said);
    const html = await (await vera.get(page)).text();
    expect(html).toContain("Thank you, we have your message.");
    // Twice is refused, and queues nothing more.
    expect((await vera.post(`${page}/leave-message`, { email: 'vera@example.com' }, { htmx: true })).status).toBe(409);
    expect(teamMail(t)).toHaveLength(1);
  });

  it('refuses a bad address, an oversized text, a claimed ticket and a forged token, and changes nothing', async () => {
    const sam = await t.supporter('Sam');
    const vera = t.agent();
    const page = await vera.join('Vera', 'Help');
    for (const email of ['not an address', 'a@b\r\nBcc: x@evil.example', 'x'.repeat(300) + '@example.com']) {
      expect((await vera.post(`${page}/leave-message`, { email }, { htmx: true })).status, email).toBe(400);
    }
    expect((await vera.post(`${page}/leave-message`, { email: 'vera@example.com', body: 'y'.repeat(4001) }, { htmx: true })).status).toBe(400);
    expect((await vera.post(`${page}x/leave-message`, { email: 'vera@example.com' }, { htmx: true })).status).toBe(404);
    expect((await vera.post(`${page}/leave-message`, { email: 'vera@example.com' }, { htmx: true, csrf: null })).status).toBe(403);
    expect((await sam.agent.post('/desk/tickets/1/claim', {}, { htmx: true })).status).toBe(200);
    expect((await vera.post(`${page}/leave-message`, { email: 'vera@example.com' }, { htmx: true })).status).toBe(409);
    expect(ticketById(t.deps.db, 1).state).toBe('claimed');
    expect(teamMail(t)).toHaveLength(0);
  });
});
