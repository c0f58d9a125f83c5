import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audit, auditPage, pruneAudit } from '../../src/audit/audit.ts';
import { claimTicket } from '../../src/line/claims.ts';
import { makeTestApp } from '../helpers/app.ts';

describe('the audit log', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp({ TRUSTED_PROXIES: '1' }); });
  afterEach(() => t.close());

  const actions = () => auditPage(t.deps.db, null).map((e) => `${e.actorName || '-'} ${e.action} ${e.target}${e.detail ? ` (${e.detail})` : ''}`).reverse();

  it('records who did what to whom: sign-ins, refusals, accounts, blocks and settings', async () => {
    const ann = await t.supporter('Ann', 'admin');
    const stranger = t.agent();
    expect((await stranger.post('/login', { email: 'ann@example.com', password: 'not her password' }, {})).status).toBe(400);
    expect((await ann.agent.post('/admin/supporters', { name: '=HYPERLINK("http://evil")', email: 'bob@example.com', password: 'a long password', role: 'supporter' })).status).toBe(200);
    const bob = t.deps.db.prepare("SELECT id FROM supporters WHERE email = 'bob@example.com'").pluck().get() as number;
    await ann.agent.post(`/admin/supporters/${bob}/disable`);
    await ann.agent.post('/admin/leaving', { grace: '90', abandon: '15', rejoin: '30' });
    const vera = t.agent();
    await vera.get('/', { 'X-Forwarded-For': '203.0.113.5' });
    await vera.request('/tickets', { method: 'POST', body: new URLSearchParams({ _csrf: vera.csrf, name: 'Vera', problem: 'Help' }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': '203.0.113.5' } });
    const ticketId = t.deps.db.prepare('SELECT max(id) FROM tickets').pluck().get() as number;
    claimTicket(t.deps, ticketId, ann.id);
    expect((await ann.agent.post(`/desk/tickets/${ticketId}/block`, { reason: 'abuse', ip: '1' }, { htmx: true })).status).toBe(204);
    const blockId = t.deps.db.prepare('SELECT id FROM blocks').pluck().get() as number;
    await ann.agent.post(`/admin/blocks/${blockId}/delete`);
    await ann.agent.post('/logout');

    expect(actions()).toEqual([
      'Ann signIn Ann',
      '- signInFailed  (refused)',
      'Ann supporterAdded =HYPERLINK("http://evil") <bob@example.com> (supporter)',
      'Ann supporterDisabled =HYPERLINK("http://evil") <bob@example.com>',
      'Ann settingsChanged people leaving (grace 90 s, abandoned after 15 min, rejoin within 30 min)',
      `Ann visitorBlocked ticket ${ticketId} (browser and IP address)`,
      'Ann visitorUnblocked Vera',
      'Ann signOut Ann',
    ]);
  });

  it('is shown to admins only, newest first, a page at a time, with everything escaped', async () => {
    const ann = await t.supporter('Ann', 'admin');
    const sam = await t.supporter('Sam');
    for (let i = 0; i < 150; i++) audit(t.deps.db, t.clock.now() + i, { actor: { id: sam.id, name: `<b>Sam</b> ${i}` }, action: 'passwordChanged', target: `entry ${i}` });
    expect((await sam.agent.get('/admin/audit')).status).toBe(403);
    const first = await (await ann.agent.get('/admin/audit')).text();
    expect(first).toContain('<h1>Audit log</h1>');
    expect(first).toContain('&lt;b&gt;Sam&lt;/b&gt; 149');
    expect(first).not.toContain('<b>Sam</b>');
    expect(first.indexOf('entry 149')).toBeLessThan(first.indexOf('entry 148'));
    const older = first.match(/href="\/admin\/audit\?before=(\d+)"/)![1];
    const second = await (await ann.agent.get(`/admin/audit?before=${older}`)).text();
    expect(second).toContain('entry 0');
    expect(second).not.toContain('entry 149');
    expect((await ann.agent.get('/admin/audit?before=%27%20OR%201=1')).status).toBe(200);
  });

  it('exports the year as CSV that no spreadsheet reads as a formula', async () => {
    const ann = await t.supporter('Ann', 'admin');
    audit(t.deps.db, t.clock.now(), { actor: { id: ann.id, name: 'Ann "the admin"' }, action: 'supporterAdded', target: '=HYPERLINK("http://evil")', detail: '+1, -2, @3' });
    const answer = await ann.agent.get('/admin/audit.csv');
    expect(answer.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(answer.headers.get('Content-Disposition')).toContain('attachment');
    const lines = (await answer.text()).trim().split('\r\n');
    expect(lines[0]).toBe('"id","time (UTC)","actor id","actor","action","target","detail","address"');
    expect(lines.at(-1)).toContain('"Ann ""the admin""","supporterAdded","\'=HYPERLINK(""http://evil"")","\'+1, -2, @3"');
    const sam = await t.supporter('Sam');
    expect((await sam.agent.get('/admin/audit.csv')).status).toBe(403);
  });

  it('keeps entries for a year', () => {
    const year = 365 * 24 * 3600_000;
    audit(t.deps.db, t.clock.now() - year - 1000, { actor: null, action: 'signInFailed' });
    audit(t.deps.db, t.clock.now() - year + 60_000, { actor: null, action: 'signInFailed', detail: 'kept' });
    expect(pruneAudit(t.deps.db, t.clock.now())).toBe(1);
    expect(auditPage(t.deps.db, null).map((e) => e.detail)).toEqual(['kept']);
  });
});
