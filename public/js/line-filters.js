// @ts-check
import { whenLoaded } from './when-loaded.js';

// The filters above the line: "Visitor language" shows only the tickets whose visitor reads the
// chosen language (any of theirs: data-langs on each row), "Group" those of one group's line
// (data-groups: the ticket's group, and the second wave that sees it too). Rows the stream adds
// later follow them. Each choice is remembered in this browser.

const FILTERS = [
  { id: 'line-language', key: 'lineup.desk.lineLanguage', attr: 'langs' },
  { id: 'line-group', key: 'lineup.desk.lineGroup', attr: 'groups' },
];
/** @type {Record<string, string>} */
const chosen = {};
for (const f of FILTERS) {
  try { chosen[f.id] = localStorage.getItem(f.key) || ''; } catch { chosen[f.id] = ''; /* private mode */ }
}

/** @param {Element} row */
function apply(row) {
  if (!(row instanceof HTMLElement)) return;
  row.hidden = FILTERS.some((f) => chosen[f.id] !== '' && !(row.dataset[f.attr] ?? '').split(' ').includes(chosen[f.id] ?? ''));
}

for (const f of FILTERS) {
  whenLoaded(`#${f.id}`, (select) => {
    if (!(select instanceof HTMLSelectElement)) return;
    if ([...select.options].some((o) => o.value === chosen[f.id])) select.value = chosen[f.id] ?? '';
    else chosen[f.id] = '';
    document.querySelectorAll('#line-list .line-row').forEach(apply);
  });
}
whenLoaded('#line-list .line-row', apply);

document.addEventListener('change', (event) => {
  const select = event.target;
  const filter = select instanceof HTMLSelectElement ? FILTERS.find((f) => f.id === select.id) : undefined;
  if (!filter || !(select instanceof HTMLSelectElement)) return;
  chosen[filter.id] = select.value;
  document.querySelectorAll('#line-list .line-row').forEach(apply);
  try { localStorage.setItem(filter.key, select.value); } catch { /* private mode: for this page only */ }
});
