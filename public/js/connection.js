// @ts-check
// Say so while the live connection is down; the stream catches up by itself.

const banner = document.createElement('p');
banner.className = 'connection';
banner.setAttribute('role', 'status');
banner.hidden = true;
// The words come from the page, in its language (base.eta).
banner.textContent = document.body.dataset.connectionLost ?? '';
document.body.append(banner);

document.addEventListener('htmx:sse:error', (event) => {
  // A desk whose session ended (signed out elsewhere, expired, account disabled) signs in again.
  if (event.detail?.status === 401) { location.href = '/login'; return; }
  banner.hidden = false;
});
document.addEventListener('htmx:sse:after:connection', () => { banner.hidden = true; });
