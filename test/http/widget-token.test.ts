import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { t as say } from '../../src/i18n/index.ts';
import { makeTestApp } from '../helpers/app.ts';
import { addSiteAs, frameCsrf, joinInFrame } from '../widget/widget-helpers.ts';

const LINEUP = 'http://localhost';

// The widget's signed CSRF token is for visitor routes addressed by a ticket token or a site key
// (they hold no ambient authority). Anyone can fetch one, so no other route may take it: not even
// from Lineup's own origin, not even beside a signed-in supporter's cookies.
describe("the widget's signed CSRF token, on every route of the app", () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  /** Every POST route, with its parameters filled in with real values. */
  async function postRoutes() {
    const ann = await t.supporter('Ann', 'admin');
    const site = await addSiteAs(t, ann);
    const { token } = await joinInFrame(t, site.key);
    const signed = await frameCsrf(t, site.key);
    const paths = t.app.routes.filter((route) => route.method === 'POST').map((route) => route.path
      .replace(':token', token).replace(':key', site.key).replace(/:id\b/, '1')
      .replace(':action{enable|disable}', 'disable').replace(':answer{accept|decline}', 'decline'));
    return { ann, signed, paths: [...new Set(paths)] };
  }
  const refusedForCsrf = async (res: Response) => res.status === 403 && (await res.text()) === say('en', 'error.formExpired');

  it("is refused on every route that isn't addressed by a ticket token or a site key", async () => {
    const { ann, signed, paths } = await postRoutes();
    const others = paths.filter((path) => !/^\/(t|w)\//.test(path));
    expect(others).toContain('/desk/tickets/1/claim');
    expect(others).toContain('/admin/sites');
    for (const path of others) {
      const res = await ann.agent.request(path, {
        method: 'POST', body: new URLSearchParams({ _csrf: signed }),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-CSRF-Token': signed, Origin: LINEUP },
      });
      expect(await refusedForCsrf(res), path).toBe(true);
    }
  });

  it("is accepted on every route addressed by a ticket token or a site key, from the widget's frame", async () => {
    const { signed, paths } = await postRoutes();
    const visitors = paths.filter((path) => /^\/(t|w)\//.test(path));
    expect(visitors.length).toBeGreaterThanOrEqual(10);
    for (const path of visitors) {
      const res = await t.app.request(`http://localhost${path}`, {
        method: 'POST', body: new URLSearchParams({ _csrf: signed }),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-CSRF-Token': signed, Origin: LINEUP },
      });
      expect(await refusedForCsrf(res), path).toBe(false);
    }
  });
});
