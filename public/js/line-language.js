// @ts-check
import { whenLoaded } from './when-loaded.js';

// "Visitor language" above the line: shows only the tickets whose visitor reads the chosen
// language (any of theirs: data-langs on each row). Rows the stream adds later follow it too. The
// choice is remembered in this browser.

const KEY = 'lineup.desk.lineLanguage';
let chosen = '';
try { chosen = localStorage.getItem(KEY) || ''; } catch { /* private mode */ }

/** @param {Element} row */
function apply(row) {
  if (!(row instanceof HTMLElement)) return;
  row.hidden = chosen !== '' && !(row.dataset.langs ?? '').split(' ').includes(chosen);
}

whenLoaded('#line-language', (select) => {
  if (!(select instanceof HTMLSelectElement)) return;
  if ([...select.options].some((o) => o.value === chosen)) select.value = chosen;
  else chosen = '';
  document.querySelectorAll('#line-list .line-row').forEach(apply);
});
whenLoaded('#line-list .line-row', apply);

document.addEventListener('change', (event) => {
  const select = event.target;
  if (!(select instanceof HTMLSelectElement) || select.id !== 'line-language') return;
  chosen = select.value;
  document.querySelectorAll('#line-list .line-row').forEach(apply);
  try { localStorage.setItem(KEY, chosen); } catch { /* private mode: for this page only */ }
});
