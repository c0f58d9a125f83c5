// @ts-check
import { sayer } from './page-words.js';
import { beep } from './beep.js';

// The desk's sound and desktop notifications, as the supporter set them under "Alerts" (kept
// per device). The sound for new messages in held tickets is on until turned off: a new desk
// should not stay silent while a visitor writes; desktop notifications need the browser's leave.
const say = sayer(document.getElementById('main'));
/** @type {Record<string, boolean>} */
const prefs = { sound: localStorage.getItem('lineup.sound') !== '0', desktop: localStorage.getItem('lineup.desktop') === '1' };
const visible = () => document.visibilityState === 'visible';


/**
 * Calls for attention: a sound unless the desk is in front (or `always`), a desktop notification
 * while it is in the background. `tag` keeps one notification per subject.
 * @param {string} title
 * @param {string} body
 * @param {string} tag
 * @param {boolean} [always]
 */
export function announce(title, body, tag, always) {
  const inFront = visible() && !always;
  if (prefs.sound && !inFront) beep();
  if (!prefs.desktop || visible() || !('Notification' in window) || Notification.permission !== 'granted') return;
  const note = new Notification(title, { body: body.slice(0, 140), tag });
  note.onclick = () => { window.focus(); note.close(); };
}

for (const box of /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('input[data-pref]'))) {
  const pref = box.dataset.pref ?? '';
  box.checked = prefs[pref] ?? false;
  box.addEventListener('change', async () => {
    if (pref === 'desktop' && box.checked && 'Notification' in window && Notification.permission !== 'granted') {
      // Asked once, when the supporter turns notifications on; a refusal is respected.
      const answer = Notification.permission === 'denied' ? 'denied' : await Notification.requestPermission();
      if (answer !== 'granted') {
        box.checked = false;
        const note = document.getElementById('alerts-note');
        if (note) note.textContent = say('alerts.blocked');
      }
    }
    prefs[pref] = box.checked;
    localStorage.setItem(`lineup.${pref}`, box.checked ? '1' : '0');
    if (box.checked && pref === 'sound') beep();
  });
}
