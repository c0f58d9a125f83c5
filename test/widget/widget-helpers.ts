import { expect } from 'vitest';
import { makeTestApp } from '../helpers/app.ts';

export type TestApp = ReturnType<typeof makeTestApp>;
export const SHOP = 'https://shop.example';

/** An admin adds a site through the admin page; returns its row. */
export async function addSiteAs(t: TestApp, admin: { agent: { post: (p: string, f: Record<string, string>) => Promise<Response> } }, fields: Record<string, string> = {}) {
  const res = await admin.agent.post('/admin/sites', { name: 'Shop', origins: `${SHOP} https://www.shop.example`, ...fields });
  expect(res.status).toBe(303);
  const id = Number(res.headers.get('Location')!.match(/\/admin\/sites\/(\d+)/)![1]);
  return t.deps.db.prepare('SELECT * FROM sites WHERE id = ?').get(id) as { id: number; key: string; name: string; secret: string; origins: string };
}

/**
 * A request as the browser sends it from inside the widget's iframe on another site: no Lineup
 * cookie at all, and (for a POST) Lineup's own origin, since the frame's page is Lineup's.
 */
export function fromFrame(t: TestApp, path: string, init: { method?: string; fields?: Record<string, string>; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(init.fields ? { Origin: 'http://localhost' } : {}), ...init.headers };
  let body: URLSearchParams | undefined;
  if (init.fields) {
    body = new URLSearchParams(init.fields);
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  }
  return t.app.request(`http://localhost${path}`, { method: init.method ?? (body ? 'POST' : 'GET'), body, headers, redirect: 'manual' });
}

/** The signed CSRF token a widget page carries in its meta tag. */
export async function frameCsrf(t: TestApp, siteKey: string): Promise<string> {
  const html = await (await fromFrame(t, `/w/${siteKey}`)).text();
  return html.match(/<meta name="csrf-token" content="([^"]+)">/)![1]!;
}

/** A visitor joins through the widget (no cookies); returns the ticket token and id. */
export async function joinInFrame(t: TestApp, siteKey: string, fields: Record<string, string> = {}) {
  const csrf = await frameCsrf(t, siteKey);
  const res = await fromFrame(t, `/w/${siteKey}/tickets`, { fields: { _csrf: csrf, name: 'Vera', problem: 'The invoice total is wrong', ...fields } });
  expect(res.status).toBe(303);
  const location = res.headers.get('Location')!;
  const token = location.match(new RegExp(`^/w/${siteKey}/t/([A-Za-z0-9_-]{43})$`))![1]!;
  const id = t.deps.db.prepare('SELECT max(id) FROM tickets').pluck().get() as number;
  return { token, id, csrf };
}

export const ticketRow = (t: TestApp, id: number) => t.deps.db.prepare(
  'SELECT visitor_name, visitor_email, site_id, visitor_verified, current_page, visitor_key FROM tickets WHERE id = ?').get(id) as Record<string, unknown>;
export const ticketCount = (t: TestApp) => t.deps.db.prepare('SELECT count(*) FROM tickets').pluck().get() as number;
