import { partial, render } from '../../lib/render.ts';
import type { DeskRegion } from './region.ts';

/** The desk's own account: once disabled, the page says so (and its stream ends, see DELIVERY). */
export const account = {
  addressed: {
    'supporter.disabled': (_event, { lang }) => partial('#main', 'innerHTML', render('desk/_signed_out', { lang })),
  },
} satisfies DeskRegion;
