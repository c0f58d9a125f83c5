import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditPage } from '../../src/audit/audit.ts';
import { claimTicket } from '../../src/line/claims.ts';
import { listLine, openTicket, ticketById } from '../../src/line/tickets.ts';
import { postMessage } from '../../src/chat/messages.ts';
import { getSupporter, listSupporters } from '../../src/supporters/accounts.ts';
import { makeTestApp } from '../helpers/app.ts';

describe('an admin deletes a supporter', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  it('signs them out, puts their tickets back, removes their own replies, frees the e-mail, and keeps their name in transcripts', async () => {
    const ann = await t.supporter('Ann', 'admin');
    const bob = await t.supporter('Bob');
    const { ticketId } = openTicket(t.deps, { name: 'Vera', problem: 'Help' });
    claimTicket(t.deps, ticketId, bob.id);
    postMessage(t.deps, ticketId, { kind: 'supporter', supporterId: bob.id }, 'Bob here, looking into it');
    expect((await bob.agent.post('/canned', { name: 'hi', body: 'Hello there' })).status).toBeLessThan(400);
    const owned = () => t.deps.db.prepare('SELECT count(*) FROM canned_replies WHERE owner_id = ?').pluck().get(bob.id);
    expect(owned()).toBe(1);

    // Without the box ticked nothing happens.
    expect((await ann.agent.post(`/admin/supporters/${bob.id}/delete`, {})).status).toBe(400);
    expect(getSupporter(t.deps.db, bob.id)!.deletedAt).toBeNull();

    const done = await ann.agent.post(`/admin/supporters/${bob.id}/delete`, { confirm: 'yes' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Bob&#39;s account is deleted.');
    expect((await bob.agent.get('/desk', { Accept: 'text/html' })).status).toBe(303);
    expect((await t.agent().post('/login', { email: 'bob@example.com', password: 'correct horse battery' })).status).toBe(400);
    expect(ticketById(t.deps.db, ticketId).state).toBe('waiting');
    expect(listLine(t.deps.db).tickets.map((x) => x.id)).toContain(ticketId);
    expect(owned()).toBe(0);
    expect(listSupporters(t.deps.db).map((s) => s.name)).toEqual(['Ann']);
    expect(await (await ann.agent.get('/admin/supporters')).text()).not.toContain('bob@example.com');
    // The conversation still says who wrote what.
    expect(t.deps.db.prepare('SELECT s.name FROM messages m JOIN supporters s ON s.id = m.supporter_id WHERE m.ticket_id = ? AND m.author = ?').pluck().get(ticketId, 'supporter')).toBe('Bob');
    // The address may be given to someone new; the deleted account cannot come back.
    expect((await ann.agent.post('/admin/supporters', { name: 'Bobby', email: 'bob@example.com', password: 'a long password', role: 'supporter' })).status).toBe(200);
    for (const path of [`/admin/supporters/${bob.id}/enable`, `/admin/supporters/${bob.id}/delete`]) {
      expect((await ann.agent.post(path, { confirm: 'yes' })).status, path).toBe(404);
    }
    expect((await ann.agent.post(`/admin/supporters/${bob.id}`, { name: 'Bob', email: 'bob2@example.com', role: 'admin' })).status).toBe(404);
    expect(auditPage(t.deps.db, null).find((e) => e.action === 'supporterDeleted')).toMatchObject({ actorName: 'Ann', target: 'Bob <bob@example.com>' });
  });

  it('refuses oneself, the last admin, forged ids and forms, and people who are not admins', async () => {
    const ann = await t.supporter('Ann', 'admin');
    const sam = await t.supporter('Sam');
    expect((await ann.agent.post(`/admin/supporters/${ann.id}/delete`, { confirm: 'yes' })).status).toBe(403);
    expect((await sam.agent.post(`/admin/supporters/${ann.id}/delete`, { confirm: 'yes' })).status).toBe(403);
    expect((await ann.agent.post(`/admin/supporters/${sam.id}/delete`, { confirm: 'yes' }, { csrf: 'forged' })).status).toBe(403);
    expect((await ann.agent.post('/admin/supporters/9999/delete', { confirm: 'yes' })).status).toBe(404);
    expect(listSupporters(t.deps.db)).toHaveLength(2);
  });
});
