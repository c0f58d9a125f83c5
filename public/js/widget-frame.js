// @ts-check
import { csrfToken } from './csrf.js';
import { whenLoaded } from './when-loaded.js';

// Lineup's side of the widget: runs inside the iframe that public/widget.js puts on another
// site's page. It talks only to that page, and only if the page's origin is one the site allows
// (the server renders them into data-origins on the page's [data-widget] element): it hears the
// address of the host page and passes it on, and it tells the host page this ticket's token and
// each new reply (for the badge).
const body = /** @type {HTMLElement | null} */ (document.querySelector('[data-widget]'));
if (body) widgetFrame(body);

/** @param {HTMLElement} body */
function widgetFrame(body) {
  const origins = (body.dataset.origins || '').split(' ').filter(Boolean);
  /** @type {string | null} */
  let hostOrigin = null;
  /** @type {Record<string, unknown>[]} */
  const queued = [];

  /** @param {Record<string, unknown>} message */
  function tell(message) {
    if (window.parent === window) return;
    if (!hostOrigin) { queued.push(message); return; }
    window.parent.postMessage({ lineup: 1, ...message }, hostOrigin);
  }

  window.addEventListener('message', (event) => {
    if (event.source !== window.parent || !origins.includes(event.origin)) return;
    const data = event.data;
    if (!data || data.lineup !== 1 || typeof data.type !== 'string') return;
    if (!hostOrigin) {
      hostOrigin = event.origin;
      for (const message of queued.splice(0)) tell(message);
    }
    if (data.type === 'page' && typeof data.url === 'string') hostPage(data.url.slice(0, 500), typeof data.referrer === 'string' ? data.referrer.slice(0, 500) : '');
  });

  // ---- the host page's address: into the intake form, or reported for the supporter's panel ----
  let reported = '';
  /** @param {string} url @param {string} referrer */
  function hostPage(url, referrer) {
    /** @type {Record<string, string>} */
    const hints = {
      language: navigator.language || '', screen: window.screen ? `${screen.width}x${screen.height}` : '',
      timezone: (() => { try { return Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch { return ''; } })(),
      came_from: referrer, current_page: url,
    };
    for (const input of /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('input[data-host-info]'))) {
      const value = hints[input.dataset.hostInfo ?? ''];
      if (typeof value === 'string') input.value = value;
    }
    if (!body.dataset.base || url === reported || !/^https?:/.test(url)) return;
    reported = url;
    void fetch(`${body.dataset.base}/page`, {
      method: 'POST', credentials: 'omit', headers: { 'X-CSRF-Token': csrfToken }, body: new URLSearchParams({ url }),
    }).catch(() => { reported = ''; });
  }

  // ---- the token: the host page keeps it, so the same ticket follows the visitor across its pages ----
  if (body.dataset.token) tell({ type: 'token', token: body.dataset.token });
  else if (body.hasAttribute('data-forget')) tell({ type: 'token', token: null });

  // "Ask something else" starts over in the panel (the page at / is Lineup's own, not for frames).
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[href="/?new=1"]') : null;
    if (!link) return;
    event.preventDefault();
    tell({ type: 'new' });
  });

  // ---- replies: each new message from a supporter is announced once, for the badge and the sound;
  // the first one of the ticket says so, as the panel may open by itself for it ----
  const seen = new Set([...(document.getElementById('log')?.children ?? [])].map((li) => li.id));
  whenLoaded('#log > li', (li) => {
    if (seen.has(li.id)) return;
    seen.add(li.id);
    if (!li.classList.contains('msg--supporter')) return;
    tell({ type: 'reply', first: li.parentElement?.querySelector('.msg--supporter') === li });
  });

  // ---- the ticket's state (waiting, claimed, closed...) and who answers, for the host page: what the
  // visitor closed the panel on, and the panel's title with the supporter's name and photo ----
  whenLoaded('.status', (status) => {
    const state = [...status.classList].find((name) => name.startsWith('status--') && name !== 'status--away');
    if (!state) return;
    const who = /** @type {HTMLElement | null} */ (status.querySelector('.status__who[data-supporter]'));
    const photo = /** @type {HTMLImageElement | null} */ (who?.querySelector('img.avatar--photo') ?? null);
    const supporter = who ? { name: who.dataset.supporter ?? '', photo: photo?.src ?? '' } : null;
    tell({ type: 'state', state: state.slice('status--'.length), supporter });
  });
}
