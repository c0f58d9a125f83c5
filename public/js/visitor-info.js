// Fills the intake form's hidden hints about this browser: where the visitor came from, the
// page they are on, language, time zone and screen size. They help the supporter; the server
// keeps only well-formed values, so nothing here is trusted.
(() => {
  'use strict';
  function hints() {
    let timezone = '';
    try { timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch { /* an old browser: no hint */ }
    return {
      language: navigator.language || '',
      timezone,
      screen: window.screen ? `${screen.width}x${screen.height}` : '',
      came_from: document.referrer || '',
      current_page: location.href,
    };
  }
  function fill() {
    const values = hints();
    for (const input of document.querySelectorAll('input[data-visitor-info]')) {
      const value = values[input.getAttribute('data-visitor-info')];
      if (typeof value === 'string' && input.value !== value) input.value = value;
    }
  }
  // A form sent back with errors replaces the old one: fill the new one too.
  new MutationObserver(fill).observe(document.body, { childList: true, subtree: true });
  fill();
})();
