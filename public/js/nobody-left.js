// @ts-check
import { whenLoaded } from './when-loaded.js';

// Nobody is available (views/ticket/_nobody.eta): "Keep waiting" folds the offer to one calm line
// (the form to leave a message stays), and the page remembers it while the visitor stays on it.

const key = () => `lineup:keep-waiting:${location.pathname}`;

/** The page's session storage, or null where it is denied (the widget's frame on another site). */
function storage() {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** @param {Element} offer */
function fold(offer) {
  offer.classList.add('nobody--kept');
  offer.querySelector('.nobody__kept')?.removeAttribute('hidden');
}

whenLoaded('[data-nobody-offer]', (offer) => { if (storage()?.getItem(key())) fold(offer); });

document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('[data-keep-waiting]') : null;
  const offer = button?.closest('[data-nobody-offer]');
  if (!offer) return;
  storage()?.setItem(key(), '1');
  fold(offer);
});
