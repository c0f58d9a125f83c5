import type { AppContext } from '../http/env.ts';
import { formFields } from '../http/forms.ts';
import { page } from '../http/page.ts';
import { clientAddress } from '../http/address.ts';
import { table, anyone } from '../http/table.ts';
import { Text } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Invalid, TooManyRequests } from '../lib/errors.ts';
import { parseId } from '../lib/ids.ts';
import { WindowLimit } from '../lib/rate-limit.ts';
import { listTopics } from '../groups/topics.ts';
import { groupName } from '../groups/groups.ts';
import { siteByKey } from '../widget/sites.ts';
import { visitorKeyOf } from '../intake/routes.ts';
import { browseFaq, readEntry, searchFaq, voteOnEntry } from './public.ts';

/** Votes one address may cast an hour (each browser counts once per entry; this stops a script making new browsers). */
const VOTES_PER_ADDRESS_PER_HOUR = 60;

/** The public FAQ: `/faq` (a site's: `?site=<key>`), each entry at `/faq/<id>`, and "Was this helpful?". */
export function faqPublicRoutes(deps: Deps) {
  const votes = new WindowLimit(deps.clock, { count: VOTES_PER_ADDRESS_PER_HOUR, windowMs: 3_600_000 });

  return [table('/faq', [
    ['GET',  '/',         anyone, show],
    ['GET',  '/:id',      anyone, entry],
    ['POST', '/:id/vote', anyone, vote],
  ])];

  /** The site asked for by its key; none (the intake page's FAQ) when not given, refused when unknown. */
  function siteOf(c: AppContext): { id: number; key: string } | null {
    const key = c.req.query('site');
    if (!key) return null;
    const site = siteByKey(deps.db, key);
    return { id: site.id, key: site.key };
  }

  function show(c: AppContext) {
    const lang = c.get('lang');
    const site = siteOf(c);
    const q = (c.req.query('q') ?? '').slice(0, 500);
    const topic = c.req.query('topic') ? parseId(c.req.query('topic')) : null;
    if (c.req.query('topic') && topic === null) throw new Invalid(new Text('visitor.faq.badTopic'));
    const hits = q.trim() ? searchFaq(deps.db, q, lang, site?.id ?? null, topic) : browseFaq(deps.db, lang, site?.id ?? null, topic);
    const topics = listTopics(deps.db).filter((x) => !x.hidden).map((x) => ({ id: x.id, name: groupName(x, lang) }));
    return page(c, 'faq/public', { q, hits, nothingTyped: hits === null, topics, topic, site });
  }

  function entry(c: AppContext) {
    const { entry, versions } = readEntry(deps, parseId(c.req.param('id')));
    return page(c, 'faq/entry', { entry, versions, site: c.req.query('site') ?? '', voted: c.req.query('voted') ?? '' });
  }

  async function vote(c: AppContext) {
    const id = parseId(c.req.param('id'));
    const helpful = (await formFields(c)).helpful;
    if (helpful !== 'yes' && helpful !== 'no') throw new Invalid(new Text('visitor.faq.chooseHelpful'));
    const wait = votes.take(clientAddress(c));
    if (wait) throw new TooManyRequests(new Text('visitor.faq.tooManyVotes'), wait);
    voteOnEntry(deps, id, visitorKeyOf(c, deps.config), helpful === 'yes');
    return c.redirect(`/faq/${id}?voted=${helpful}#helpful`, 303);
  }
}
