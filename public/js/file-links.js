// @ts-check
import { whenLoaded } from './when-loaded.js';

// A message is rendered once for the visitor's page and the desk alike: each of its files points
// at this page's own file address. A visitor's ticket page fetches its files under its own
// address (where its stream is); every other page that shows messages (the desk, transcripts)
// belongs to a supporter.
const stream = document.getElementById('ticket-live')?.getAttribute('hx-sse:connect') ?? '';
const own = stream.match(/^(\/[^?#]*)\/stream(?:\?.*)?$/);
const filesBase = own ? `${own[1]}/files/` : '/desk/files/';

whenLoaded('[data-file]:not([data-file-ready])', (el) => {
  const id = el.getAttribute('data-file') ?? '';
  if (!/^\d+$/.test(id)) return;
  el.setAttribute(el.tagName === 'A' ? 'href' : 'src', filesBase + id);
  el.setAttribute('data-file-ready', '');
});

// Screen capture where the browser has it (desktop browsers; not phones). Inside a frame the
// host page must allow capture too (widget.js does); otherwise no button.
/** @type {{ allowsFeature(feature: string): boolean } | undefined} */
const policy = /** @type {any} */ (document).permissionsPolicy || /** @type {any} */ (document).featurePolicy;
const canCapture = Boolean(navigator.mediaDevices?.getDisplayMedia) && (!policy || policy.allowsFeature('display-capture'));
whenLoaded('[data-screenshot]', (button) => { button.hidden = !canCapture; });
