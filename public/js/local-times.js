// @ts-check
// Times, in the viewer's own time zone: the server writes each <time> in UTC (datetime and a
// fallback text); here it is shown in the browser's zone, in new content as it arrives.

// ---- times, in the viewer's own time zone ----
// In the page's language (<html lang>), in the browser's own time zone.
const pageLang = document.documentElement.lang || undefined;
const clock = new Intl.DateTimeFormat(pageLang, { hour: '2-digit', minute: '2-digit' });
const dated = new Intl.DateTimeFormat(pageLang, { dateStyle: 'medium', timeStyle: 'short' });
/** @param {ParentNode} root */
function localiseTimes(root) {
  for (const time of /** @type {NodeListOf<HTMLTimeElement>} */ (root.querySelectorAll('time[datetime]:not([data-local])'))) {
    const at = new Date(time.getAttribute('datetime') ?? '');
    if (Number.isNaN(at.getTime())) continue;
    time.textContent = (time.textContent ?? '').length > 5 ? dated.format(at) : clock.format(at);
    time.title = dated.format(at);
    time.setAttribute('data-local', '');
  }
}

htmx.onLoad(localiseTimes);
