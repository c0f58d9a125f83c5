import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditPage } from '../../src/audit/audit.ts';
import { getSupporter } from '../../src/supporters/accounts.ts';
import { makeTestApp } from '../helpers/app.ts';

describe('an admin edits a supporter', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  it('changes the name, e-mail and role; the new role counts from the next request; the audit log says what changed', async () => {
    const ann = await t.supporter('Ann', 'admin');
    const bob = await t.supporter('Bob');
    expect((await bob.agent.get('/admin/supporters')).status).toBe(403);
    const page = await (await ann.agent.get(`/admin/supporters/${bob.id}`)).text();
    expect(page).toContain('<h1>Edit Bob</h1>');
    expect(page).toContain('value="bob@example.com"');
    const saved = await ann.agent.post(`/admin/supporters/${bob.id}`, { name: 'Bob <Builder>', email: 'Robert@Example.com', role: 'supervisor' });
    expect(saved.status).toBe(200);
    const html = await saved.text();
    expect(html).toContain('Saved: Bob &lt;Builder&gt;.');
    expect(getSupporter(t.deps.db, bob.id)).toMatchObject({ name: 'Bob <Builder>', email: 'robert@example.com', role: 'supervisor' });
    // Supervisors see the mail page; the same session, no sign-in again.
    expect((await bob.agent.get('/admin/mail')).status).toBe(200);
    expect(auditPage(t.deps.db, null)[0]).toMatchObject({
      actorName: 'Ann', action: 'supporterEdited', target: 'Bob <Builder> <robert@example.com>',
      detail: 'name: Bob → Bob <Builder>; e-mail: bob@example.com → robert@example.com; role: supporter → supervisor',
    });
    expect((await t.agent().post('/login', { email: 'robert@example.com', password: 'correct horse battery' })).status).toBe(303);
  });

  it('refuses a taken e-mail, bad fields, demoting the last admin, forged ids and forged forms, and changes nothing', async () => {
    const ann = await t.supporter('Ann', 'admin');
    const bob = await t.supporter('Bob');
    const tries: Array<[number | string, Record<string, string>, number, string]> = [
      [bob.id, { name: 'Bob', email: 'ann@example.com', role: 'supporter' }, 409, 'A supporter with the e-mail ann@example.com already exists.'],
      [bob.id, { name: '', email: 'bob@example.com', role: 'supporter' }, 400, 'Name is required.'],
      [bob.id, { name: 'Bob', email: 'not an address', role: 'supporter' }, 400, 'e-mail'],
      [bob.id, { name: 'Bob', email: 'bob@example.com', role: 'owner' }, 400, 'Role must be one of'],
      [bob.id, { name: 'B'.repeat(81), email: 'bob@example.com', role: 'supporter' }, 400, 'at most 80'],
      [ann.id, { name: 'Ann', email: 'ann@example.com', role: 'supporter' }, 403, 'Lineup needs at least one admin'],
      [9999, { name: 'X', email: 'x@example.com', role: 'supporter' }, 404, ''],
      ['abc', { name: 'X', email: 'x@example.com', role: 'supporter' }, 404, ''],
    ];
    for (const [id, fields, status, said] of tries) {
      const answer = await ann.agent.post(`/admin/supporters/${id}`, fields);
      expect(answer.status, JSON.stringify(fields)).toBe(status);
      if (said) expect(await answer.text()).toContain(said);
    }
    expect((await ann.agent.post(`/admin/supporters/${bob.id}`, { name: 'Mallory', email: 'bob@example.com', role: 'admin' }, { csrf: 'forged' })).status).toBe(403);
    expect(getSupporter(t.deps.db, bob.id)).toMatchObject({ name: 'Bob', email: 'bob@example.com', role: 'supporter' });
    expect(getSupporter(t.deps.db, ann.id)!.role).toBe('admin');
    expect(auditPage(t.deps.db, null).filter((e) => e.action === 'supporterEdited')).toEqual([]);
    // With a second admin, Ann may step down.
    await ann.agent.post(`/admin/supporters/${bob.id}`, { name: 'Bob', email: 'bob@example.com', role: 'admin' });
    expect((await ann.agent.post(`/admin/supporters/${ann.id}`, { name: 'Ann', email: 'ann@example.com', role: 'supporter' })).status).toBe(200);
    expect((await ann.agent.get('/admin/supporters')).status).toBe(403);
  });
});
