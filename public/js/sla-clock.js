// @ts-check
import { sayer } from './page-words.js';
import { whenLoaded } from './when-loaded.js';

// Service norms on the desk (views/desk/_sla.eta): a line row or tab says "due in 1 min" in the
// last minute before its deadline (the last 20 s for a first answer, a norm of about a minute)
// and "2 min late" past it, in amber and then red; the supervisors' list says how late each
// breach is.
const say = sayer(document.getElementById('main'));

/** @param {Element} el */
function show(el) {
  const due = Number(el.getAttribute('data-sla-due'));
  const near = el.getAttribute('data-sla-norm') === 'first_reply' ? 20_000 : 60_000;
  const left = due ? due - Date.now() : Infinity;
  const minutes = Math.floor(Math.abs(left) / 60_000);
  const state = left > near ? '' : left > 0 ? 'near' : 'late';
  const text = state === 'near' ? (minutes ? say('sla.near', { minutes }) : say('sla.dueNow'))
    : state === 'late' ? (minutes ? say('sla.late', { minutes }) : say('sla.lateNow')) : '';
  if (el.textContent !== text) el.textContent = text;
  el.classList.toggle('sla--near', state === 'near');
  el.classList.toggle('sla--late', state === 'late');
}

/** How late each breach on the supervisors' list is. @param {Element} el */
function showLate(el) {
  const minutes = Math.max(0, Math.floor((Date.now() - Number(el.getAttribute('data-late-since'))) / 60_000));
  const text = say('sla.lateMinutes', { minutes });
  if (text && el.textContent !== text) el.textContent = text;
}

whenLoaded('[data-sla-due]', show);
whenLoaded('[data-late-since]', showLate);
setInterval(() => {
  document.querySelectorAll('[data-sla-due]').forEach(show);
  document.querySelectorAll('[data-late-since]').forEach(showLate);
}, 5000);
