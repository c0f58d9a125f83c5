import { Agent, type makeTestApp } from '../helpers/app.ts';

type TestApp = ReturnType<typeof makeTestApp>;

/** A browser connecting from `address`, as the Node server would report the peer. */
export function agentAt(t: TestApp, address: string): Agent {
  return new Agent({
    request: (input, init) => t.app.request(input, init, { incoming: { socket: { remoteAddress: address, remotePort: 50000, remoteFamily: 'IPv4' } } }),
  });
}

/** Joins the line the way the intake form does, with the browser's hidden hints and headers. */
export async function joinWith(agent: Agent, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  if (!agent.csrf) await agent.get('/');
  const body = new URLSearchParams({ name: 'Vera', problem: 'Help', ...fields, _csrf: agent.csrf });
  return agent.request('/tickets', { method: 'POST', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers } });
}

/** The details panel of ticket `id` in a desk page's HTML. */
export function panelOf(html: string, id: number): string {
  const start = html.indexOf(`id="details-${id}"`);
  if (start < 0) throw new Error(`no details panel for ticket ${id}`);
  const open = html.lastIndexOf('<', start);
  let depth = 0;
  const tag = /<(\/?)div\b[^>]*>/g;
  tag.lastIndex = open;
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return html.slice(open, m.index + m[0].length);
  }
  throw new Error('unterminated details panel');
}

export const UA = {
  chromeWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  safariIphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
};
