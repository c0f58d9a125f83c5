import { Text } from '../i18n/index.ts';
import { Conflict, Invalid } from '../lib/errors.ts';
import { sql, type Db } from '../lib/sql.ts';
import { parseId } from '../lib/ids.ts';

const colleagueById = sql<Colleague & { enabled: number; online: number }>("SELECT id, name, enabled, place = 'desk' AS online FROM supporters WHERE id = ?");
// Only colleagues on the desk see offers and take chats; one on another page keeps theirs but takes no new ones.
const colleaguesOnline = sql<Colleague>("SELECT id, name FROM supporters WHERE place = 'desk' AND enabled = 1 AND id != +? ORDER BY name, id LIMIT 200");

export interface Colleague { id: number; name: string }

/** A colleague who can take part right now: an enabled account with a desk open, not the asker. */
export function availableColleague(db: Db, rawId: unknown, me: number): Colleague {
  const id = parseId(typeof rawId === 'string' ? rawId : undefined);
  if (id === null) throw new Invalid(new Text('teamwork.chooseColleague'), { to: new Text('teamwork.chooseColleague') });
  if (id === me) throw new Invalid(new Text('teamwork.notYourself'), { to: new Text('teamwork.notYourself') });
  const row = colleagueById.get(db, id);
  if (!row) throw new Invalid(new Text('teamwork.chooseColleague'), { to: new Text('teamwork.chooseColleague') });
  if (!row.enabled) throw new Conflict(new Text('teamwork.colleagueDisabled', { name: row.name }));
  if (!row.online) throw new Conflict(new Text('teamwork.colleagueOffline', { name: row.name }));
  return { id: row.id, name: row.name };
}

/** Colleagues online now, for the hand-over and invite lists. */
export function onlineColleagues(db: Db, me: number): Colleague[] {
  return colleaguesOnline.all(db, me);
}
