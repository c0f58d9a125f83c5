// @ts-check
import { whenLoaded } from './when-loaded.js';

// Rows are pushed to the line and the team list in any order (a changed row is removed and added
// at the end): keep each list ordered by its server-made key (data-order) and free of repeats.

/** @param {Element} list */
function tidyList(list) {
  const seen = new Set();
  for (const item of [...list.children].reverse()) {
    if (seen.has(item.id)) item.remove(); else seen.add(item.id);
  }
  // Plain string order on server-made keys: the same in every browser and on the server.
  const key = (/** @type {Element} */ el) => el.getAttribute('data-order') ?? '';
  const sorted = [...list.children].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  });
  if (sorted.some((item, i) => item !== list.children[i])) list.append(...sorted);
}

whenLoaded('#line-list, #team-list', tidyList);
