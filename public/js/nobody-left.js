// @ts-check
import { whenLoaded } from './when-loaded.js';

// Nobody is available (views/ticket/_nobody.eta): "Keep waiting" folds the offer to one calm line
// (the form to leave a message stays), and the page remembers it while the visitor stays on it.

const key = () => `lineup:keep-waiting:${location.pathname}`;

/** @param {Element} offer */
function fold(offer) {
  offer.classList.add('nobody--kept');
  offer.querySelector('.nobody__kept')?.removeAttribute('hidden');
}

whenLoaded('[data-nobody-offer]', (offer) => { if (sessionStorage.getItem(key())) fold(offer); });

document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('[data-keep-waiting]') : null;
  const offer = button?.closest('[data-nobody-offer]');
  if (!offer) return;
  sessionStorage.setItem(key(), '1');
  fold(offer);
});
