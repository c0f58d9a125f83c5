// @ts-check
import { whenLoaded } from './when-loaded.js';

// Fills the intake form's hidden hints about this browser: where the visitor came from, the
// page they are on, language, time zone and screen size. They help the supporter; the server
// keeps only well-formed values, so nothing here is trusted.

function hints() {
  let timezone = '';
  try { timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch { /* an old browser: no hint */ }
  /** @type {Record<string, string>} */
  const values = {
    language: navigator.language || '',
    timezone,
    screen: window.screen ? `${screen.width}x${screen.height}` : '',
    came_from: document.referrer || '',
    current_page: location.href,
  };
  return values;
}

// A form sent back with errors replaces the old one: the new one is filled too.
whenLoaded('input[data-visitor-info]', (/** @type {HTMLInputElement} */ input) => {
  const value = hints()[input.getAttribute('data-visitor-info') ?? ''];
  if (typeof value === 'string' && input.value !== value) input.value = value;
});
