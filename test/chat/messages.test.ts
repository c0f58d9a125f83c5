import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listMessages, MESSAGE_MAX, postMessage } from '../../src/chat/messages.ts';
import { claimTicket } from '../../src/line/claims.ts';
import { closeTicket } from '../../src/line/close.ts';
import { openTicket } from '../../src/line/tickets.ts';
import { makeTestApp } from '../helpers/app.ts';

describe('messages', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  it('stores a form sent twice with the same nonce once', async () => {
    const visitor = t.agent();
    const page = await visitor.join('Vera', 'Help');
    const nonce = 'a1b2c3d4e5f6a7b8c9d0';
    for (let i = 0; i < 3; i++) {
      expect((await visitor.post(`${page}/messages`, { body: 'only once', nonce }, { htmx: true })).status).toBe(204);
    }
    await visitor.post(`${page}/messages`, { body: 'only once', nonce: 'ffffffffffffffffffff' }, { htmx: true });
    expect(listMessages(t.deps.db, 1).filter((m) => m.body === 'only once')).toHaveLength(2);
  });

  it('keeps the text exactly as typed (as text), trimmed, with line breaks', () => {
    const { ticketId } = openTicket(t.deps, { name: 'Vera', problem: 'Help' });
    const m = postMessage(t.deps, ticketId, { kind: 'visitor' }, '  line one\r\nline <two>\u0000 ');
    expect(m.body).toBe('line one\nline <two>');
  });

  it('refuses empty, oversized and closed-ticket messages, and stores nothing', async () => {
    const sam = await t.supporter('Sam');
    const { ticketId } = openTicket(t.deps, { name: 'Vera', problem: 'Help' });
    expect(() => postMessage(t.deps, ticketId, { kind: 'visitor' }, '   ')).toThrow('Write a message first.');
    expect(() => postMessage(t.deps, ticketId, { kind: 'visitor' }, 'x'.repeat(MESSAGE_MAX + 1))).toThrow(/at most 4000/);
    expect(() => postMessage(t.deps, ticketId, { kind: 'supporter', supporterId: sam.id }, 'hi')).toThrow(/Only the supporters in this ticket can write/);
    claimTicket(t.deps, ticketId, sam.id);
    closeTicket(t.deps, ticketId, sam.id, '');
    expect(() => postMessage(t.deps, ticketId, { kind: 'visitor' }, 'late')).toThrow(/closed/);
    expect(listMessages(t.deps.db, ticketId).map((m) => m.author)).toEqual(['visitor', 'system', 'system']);
  });

  it('answers a visitor writing in a closed ticket with a clear 409', async () => {
    const sam = await t.supporter('Sam');
    const visitor = t.agent();
    const page = await visitor.join('Vera', 'Help');
    claimTicket(t.deps, 1, sam.id);
    closeTicket(t.deps, 1, sam.id, '');
    const res = await visitor.post(`${page}/messages`, { body: 'hello?' }, { htmx: true });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('This ticket is closed');
  });
});
