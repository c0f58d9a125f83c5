import { partial, render } from '../../lib/render.ts';
import { teamMessage } from '../../team/chat.ts';
import type { DeskRegion } from './region.ts';

/** The team's own chat, on every desk. */
export const teamChat = {
  snapshot: (data) => partial('#team-log', 'innerHTML', data.teamLog.map((m) => render('team/_message', { m, lang: data.lang })).join('')),
  everyone: {
    'team.message': (event, { deps, lang }) => {
      const m = teamMessage(deps.db, event.data.id);
      return m ? partial('#team-log', 'beforeend', render('team/_message', { m, lang })) : '';
    },
  },
} satisfies DeskRegion;
