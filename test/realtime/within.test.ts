import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postMessage } from '../../src/chat/messages.ts';
import { sendFile } from '../../src/files/attachments.ts';
import { claimTicket } from '../../src/line/claims.ts';
import { openTicket } from '../../src/line/tickets.ts';
import { mailOfTicket } from '../../src/mail/outbox.ts';
import { ROOT } from '../../src/lib/paths.ts';
import { latestEventId } from '../../src/realtime/events.ts';
import type { Deps } from '../../src/lib/deps.ts';
import { SAMPLES } from '../files/samples.ts';
import { makeTestApp } from '../helpers/app.ts';

// Another domain reacts to an event inside the transaction that emitted it: the emitter knows
// nothing of it, and the reaction commits or rolls back with the change.
describe('reactions inside the commit', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  /** Vera (with an address, not on her page) waits; Sam holds her ticket. */
  async function heldTicket() {
    const sam = await t.supporter('Sam');
    const { ticketId } = openTicket(t.deps, { name: 'Vera', email: 'vera@example.com', problem: 'The invoice is wrong' });
    claimTicket(t.deps, ticketId, sam.id);
    return { sam, ticketId };
  }

  it('undoes the change and its events when a reaction fails', () => {
    const failing: Deps = { ...t.deps, within: { 'ticket.joined': [() => { throw new Error('no room in the outbox') }] } };
    const before = latestEventId(t.deps.db);
    expect(() => openTicket(failing, { name: 'Vera', problem: 'Help' })).toThrow('no room in the outbox');
    expect(t.deps.db.prepare('SELECT count(*) FROM tickets').pluck().get()).toBe(0);
    expect(latestEventId(t.deps.db)).toBe(before);
  });

  it('sees the whole change: a message together with the file sent with it', async () => {
    const { sam, ticketId } = await heldTicket();
    const seen: number[] = [];
    const watching: Deps = { ...t.deps, within: { 'message.posted': [(deps, tx, event) => {
      if (event.ticketId !== null) seen.push(deps.db.prepare('SELECT count(*) FROM attachments WHERE message_id = ?').pluck().get(event.data.messageId) as number);
    }] } };
    await sendFile(watching, ticketId, { kind: 'supporter', supporterId: sam.id }, { name: 'shot.png', bytes: SAMPLES.png });
    expect(seen).toEqual([1]);
  });

  it("mails a supporter's typed reply to a visitor who is away, but not a file, a note or the visitor's own line", async () => {
    const { sam, ticketId } = await heldTicket();
    await sendFile(t.deps, ticketId, { kind: 'supporter', supporterId: sam.id }, { name: 'shot.png', bytes: SAMPLES.png });
    postMessage(t.deps, ticketId, { kind: 'supporter', supporterId: sam.id, note: true }, 'Legacy plan');
    postMessage(t.deps, ticketId, { kind: 'visitor' }, 'Hello?');
    expect(mailOfTicket(t.deps.db, ticketId)).toEqual([]);
    postMessage(t.deps, ticketId, { kind: 'supporter', supporterId: sam.id }, 'Here is the answer');
    expect(mailOfTicket(t.deps.db, ticketId).map((m) => [m.kind, m.text.includes('Here is the answer')])).toEqual([['reply', true]]);
  });

  it('lets chat and the line know nothing of mail: only the list of reactions names it', () => {
    const importers = ['chat/messages.ts', 'line/close.ts', 'files/attachments.ts']
      .filter((file) => /from '\.\.\/mail\//.test(fs.readFileSync(path.join(ROOT, 'src', file), 'utf8')));
    expect(importers).toEqual([]);
    expect(fs.readFileSync(path.join(ROOT, 'src/reactions.ts'), 'utf8')).toMatch(/'message\.posted': \[mailReplyWhenAway, /);
  });
});
