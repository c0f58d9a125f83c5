// @ts-check
// Times, in the viewer's own time zone: the server writes each <time> in UTC (datetime and a
// fallback text); here it is shown in the browser's zone, in new content as it arrives.
import { whenLoaded } from './when-loaded.js';

// In the page's language (<html lang>), written the browser's own way when it speaks that
// language (en-US reads 4:29 PM, en-GB 16:29). A numeric hour: a 2-digit one reads "04:29 PM".
const pageLang = document.documentElement.lang || undefined;
const timeLocale = navigator.languages?.find((tag) => tag.toLowerCase().split('-')[0] === pageLang) || pageLang;
const clock = new Intl.DateTimeFormat(timeLocale, { hour: 'numeric', minute: '2-digit' });
const dated = new Intl.DateTimeFormat(timeLocale, { dateStyle: 'medium', timeStyle: 'short' });
// Each <time> once, wherever htmx puts it (a partial may be the <time> itself).
whenLoaded('time[datetime]:not([data-local])', (/** @type {HTMLTimeElement} */ time) => {
  const at = new Date(time.getAttribute('datetime') ?? '');
  if (Number.isNaN(at.getTime())) return;
  time.textContent = (time.textContent ?? '').length > 5 ? dated.format(at) : clock.format(at);
  time.title = dated.format(at);
  time.setAttribute('data-local', '');
});
