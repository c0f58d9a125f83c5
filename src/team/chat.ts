import type { Deps } from '../lib/deps.ts';
import { Text } from '../i18n/index.ts';
import { Invalid } from '../lib/errors.ts';
import { cleanText } from '../lib/input.ts';
import { sql, type Db } from '../lib/sql.ts';
import { commit } from '../realtime/events.ts';

export const TEAM_MESSAGE_MAX = 2000;
/** The desk shows the team's newest this-many lines; older ones stay in the table. */
export const TEAM_LOG_SHOWN = 100;

export interface TeamMessage { id: number; supporterId: number; authorName: string; body: string; createdAt: number }

const VIEW_SQL = `SELECT m.id, m.supporter_id AS supporterId, s.name AS authorName, m.body, m.created_at AS createdAt
  FROM team_messages m JOIN supporters s ON s.id = m.supporter_id`;

const sentBefore = sql<{ id: number }>('SELECT id FROM team_messages WHERE supporter_id = ? AND client_nonce = ?');
const insertTeamMessage = sql('INSERT INTO team_messages (supporter_id, body, client_nonce, created_at) VALUES (?, ?, ?, ?) RETURNING id');
const newestTeamMessages = sql<TeamMessage>(`${VIEW_SQL} ORDER BY m.id DESC LIMIT +?`);
const teamMessageWithId = sql<TeamMessage>(`${VIEW_SQL} WHERE m.id = +?`);

/**
 * A supporter writes in the team's internal chat. It goes to every desk and never to a visitor
 * (the 'desks' topic reaches desks only). The same form sent twice (one nonce) is stored once.
 */
export function postTeamMessage(deps: Deps, supporterId: number, rawBody: unknown, rawNonce?: unknown): number {
  const body = cleanText(rawBody);
  if (!body) throw new Invalid(new Text('message.empty'), { body: new Text('message.empty') });
  if ([...body].length > TEAM_MESSAGE_MAX) throw new Invalid(new Text('desk.teamTooLong', { max: TEAM_MESSAGE_MAX }));
  const nonce = typeof rawNonce === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(rawNonce) ? rawNonce : null;
  return commit(deps, (tx, emit) => {
    if (nonce) {
      const earlier = sentBefore.get(tx, supporterId, nonce);
      if (earlier) return earlier.id;
    }
    const { id } = insertTeamMessage.get(tx, supporterId, body, nonce, deps.clock.now()) as { id: number };
    emit({ topic: 'desks', type: 'team.message', data: { id } });
    return id;
  });
}

/** The team chat's newest lines, oldest first. */
export function listTeamMessages(db: Db, limit = TEAM_LOG_SHOWN): TeamMessage[] {
  return (newestTeamMessages.all(db, limit)).reverse();
}

export function teamMessage(db: Db, id: number): TeamMessage | undefined {
  return teamMessageWithId.get(db, id);
}
