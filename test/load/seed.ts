// Seeds a benchmark database directly (fast, in batches): supporters with sessions, a line of
// visitors (some already in chats), and a store of closed transcripts for search.
import { hashToken, randomToken } from '../../src/lib/ids.ts';
import { openDatabase } from '../../src/lib/db.ts';
import { indexNewMessages } from '../../src/transcripts/indexer.ts';
import { hashPassword } from '../../src/supporters/password.ts';

export interface Seeded {
  supporterSessions: string[];
  /** Visitor tokens; the first `chats` of them are claimed, ticket id = index + 1. */
  visitorTokens: string[];
  /** For each chat k: the index of the supporter holding it. */
  holders: number[];
}

const COMMON = ['refund', 'invoice', 'password', 'login', 'order', 'shipping', 'account', 'billing', 'error', 'please',
  'thanks', 'hello', 'card', 'charge', 'delivery', 'broken', 'update', 'cancel', 'subscription', 'export'];
export const SEARCH_QUERIES = ['refund', 'refund invoice', 'please thanks card', 'ref', 'zq1a', '"thanks hello"', 'del', 'e-mail AND (', 'nothingmatches'];

export async function seed(file: string, sizes: { supporters: number; visitors: number; chats: number; searchMessages: number; groups?: number; languages?: number; offers?: boolean }): Promise<Seeded> {
  const groups = sizes.groups ?? 1;
  /** The first `languages` of these: supporter i speaks one of them (every fourth English too), waiting visitor i reads one then English. */
  const spoken = ['en', 'da', 'ru'].slice(0, sizes.languages ?? 0);
  const speaks = (i: number) => (spoken.length ? [...new Set([spoken[i % spoken.length]!, ...(i % 4 === 0 ? ['en'] : [])])].join(' ') : '');
  const sqlite = openDatabase(file);
  sqlite.pragma('synchronous = OFF'); // seeding only
  const now = Date.now();
  const passwordHash = await hashPassword('bench password');
  const supporterSessions: string[] = [];
  const visitorTokens: string[] = [];
  const holders: number[] = [];

  // Live tickets first, so a visitor's ticket id is its index + 1.
  sqlite.transaction(() => {
    const addSupporter = sqlite.prepare("INSERT INTO supporters (email, name, password_hash, role, created_at, languages) VALUES (?, ?, ?, 'supporter', ?, ?)");
    // The migrations made group 1 (First line); the others are line groups after it.
    const addGroup = sqlite.prepare("INSERT INTO groups (id, names, kind, position, created_at) VALUES (?, ?, 'line', ?, ?)");
    for (let g = 2; g <= groups; g++) addGroup.run(g, JSON.stringify({ en: `Line ${g}` }), g, now);
    // Offers off: every group's delay is 0. On: the groups keep their defaults (30 s, 20 s of ringing).
    if (sizes.offers === false) sqlite.prepare('UPDATE groups SET offer_after = 0').run();
    const addMember = sqlite.prepare('INSERT INTO group_members (group_id, supporter_id) VALUES (?, ?)');
    const addSession = sqlite.prepare('INSERT INTO sessions (id_hash, supporter_id, created_at, expires_at) VALUES (?, ?, ?, ?)');
    for (let i = 0; i < sizes.supporters; i++) {
      const id = Number(addSupporter.run(`bench${i}@example.com`, `Supporter ${i}`, passwordHash, now, speaks(i)).lastInsertRowid);
      addMember.run((i % groups) + 1, id);
      const token = randomToken();
      addSession.run(hashToken(token), id, now, now + 24 * 3600 * 1000);
      supporterSessions.push(token);
    }
    const addTicket = sqlite.prepare(`INSERT INTO tickets (token_hash, visitor_name, problem, state, supporter_id, created_at, claimed_at, group_id,
      visitor_languages, next_offer_at, line_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT coalesce(max(id), 0) + 1 FROM tickets))`);
    const addMessage = sqlite.prepare("INSERT INTO messages (ticket_id, author, is_problem, body, created_at) VALUES (?, 'visitor', 1, ?, ?)");
    for (let i = 0; i < sizes.visitors; i++) {
      const token = randomToken();
      const claimed = i < sizes.chats;
      const holder = i % sizes.supporters;
      const id = Number(addTicket.run(hashToken(token), `Visitor ${i}`, 'Seeded problem', claimed ? 'claimed' : 'waiting',
        claimed ? holder + 1 : null, now - 60_000 + i, claimed ? now : null, (claimed ? holder : i) % groups + 1,
        claimed || !spoken.length ? '' : `${speaks(i).split(' ')[0]} en`.replace(/^en en$/, 'en'),
        // With offers on, the waiting tickets come due spread over the run's first half minute.
        !claimed && sizes.offers !== false ? now + 15_000 + ((i * 7919) % 30_000) : null).lastInsertRowid);
      addMessage.run(id, 'Seeded problem', now);
      visitorTokens.push(token);
      if (claimed) holders.push(holder);
    }
  })();

  // Deterministic words: a mix of very common ones and rare ones.
  let state = 42;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const word = () => (random() < 0.05 ? `zq${Math.floor(random() * 100000).toString(36)}` : COMMON[Math.floor(random() * COMMON.length)]!);
  const perTicket = 20;
  const transcripts = Math.ceil(sizes.searchMessages / perTicket);
  const addTranscript = sqlite.prepare(`INSERT INTO tickets (token_hash, visitor_name, problem, state, supporter_id, created_at, closed_at, group_id, line_key)
    VALUES (?, ?, 'seeded transcript', 'closed', 1, ?, ?, 1, (SELECT coalesce(max(id), 0) + 1 FROM tickets))`);
  const addLine = sqlite.prepare('INSERT INTO messages (ticket_id, author, supporter_id, body, created_at) VALUES (?, ?, ?, ?, ?)');
  for (let from = 0; from < transcripts; from += 1000) {
    sqlite.transaction(() => {
      for (let n = from; n < Math.min(transcripts, from + 1000); n++) {
        const id = addTranscript.run(`transcript-${n}`, `Earlier visitor ${n}`, now - 1e9 + n, now - 1e9 + n).lastInsertRowid;
        for (let k = 0; k < perTicket; k++) {
          addLine.run(id, k % 2 ? 'supporter' : 'visitor', k % 2 ? 1 : null, Array.from({ length: 12 }, word).join(' '), now - 1e9 + n);
        }
      }
    })();
  }
  // The search index, built as the server builds it (in batches), then merged into one segment
  // as a long-running store's index mostly is.
  while (indexNewMessages(sqlite, 100_000) === 100_000);
  sqlite.exec("INSERT INTO messages_fts (messages_fts) VALUES ('optimize')");
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
  return { supporterSessions, visitorTokens, holders };
}
