// @ts-check
import { fill } from './page-words.js';
import { whenLoaded } from './when-loaded.js';

// Beside a visitor's time zone in the details panel: how it differs from the supporter's own,
// which only this browser knows. Words come from the element (data-same/-ahead/-behind, in the
// page's language); numbers and units from Intl in that language: "5 hours 30 minutes",
// "5 часов 30 минут", "5 timer og 30 minutter".

/** Minutes a zone is ahead of UTC at `at`, or null for a zone this browser does not know. @param {string} zone @param {Date} at */
function offsetMinutes(zone, at) {
  try {
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
    }).formatToParts(at).map((p) => [p.type, p.value]));
    const wall = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute);
    return Math.round((wall - Math.floor(at.getTime() / 60000) * 60000) / 60000);
  } catch {
    return null;
  }
}

const pageLang = document.documentElement.lang || undefined;
/** @param {string} name */
const unit = (name) => new Intl.NumberFormat(pageLang, { style: 'unit', unit: name, unitDisplay: 'long' });
const hoursFormat = unit('hour'), minutesFormat = unit('minute');
const listFormat = new Intl.ListFormat(pageLang, { type: 'unit', style: 'narrow' });

/** "(3 hours ahead of you)", "(30 minutes behind you)", "(same as yours)", as the element words them. @param {Element} el */
function zoneDifference(el) {
  const now = new Date();
  const theirs = offsetMinutes(el.getAttribute('data-visitor-zone') ?? '', now);
  const mine = -now.getTimezoneOffset();
  if (theirs === null) return '';
  const diff = theirs - mine;
  if (diff === 0) return el.getAttribute('data-same') ?? '';
  const abs = Math.abs(diff);
  const hours = Math.floor(abs / 60), minutes = abs % 60;
  const amount = listFormat.format([hours ? hoursFormat.format(hours) : '', minutes ? minutesFormat.format(minutes) : ''].filter(Boolean));
  return fill(el.getAttribute(diff > 0 ? 'data-ahead' : 'data-behind') ?? '', { amount });
}

/** @param {Element} el */
function describeZone(el) {
  const text = zoneDifference(el);
  if (el.textContent !== text) el.textContent = text;
}

/**
 * On a ticket in the line: the visitor's time of day, only when their zone's clock differs from
 * this browser's (UserEcho picks regions by time difference). @param {HTMLElement} el
 */
function showTheirTime(el) {
  const zone = el.getAttribute('data-local-zone') ?? '';
  const now = new Date();
  const theirs = offsetMinutes(zone, now);
  el.hidden = theirs === null || theirs === -now.getTimezoneOffset();
  if (el.hidden) return;
  const time = new Intl.DateTimeFormat(pageLang, { timeZone: zone, hour: 'numeric', minute: '2-digit' }).format(now);
  const text = fill(el.getAttribute('data-label') ?? '{time}', { time });
  if (el.textContent !== text) el.textContent = text;
}

whenLoaded('[data-visitor-zone]', describeZone);
whenLoaded('[data-local-zone]', showTheirTime);
// Offsets change at daylight saving time, and the time of day moves on; a desk stays open all day.
setInterval(() => document.querySelectorAll('[data-visitor-zone]').forEach(describeZone), 10 * 60_000);
setInterval(() => document.querySelectorAll('[data-local-zone]').forEach((el) => showTheirTime(/** @type {HTMLElement} */ (el))), 30_000);
