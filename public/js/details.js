// The desk's visitor details panel. The server re-renders the whole panel whenever something in
// it changes (presence, a saved comment, a block); this keeps what the supporter was doing in it
// across those pushes (open sections, unsaved typing, focus) and says how the visitor's time
// zone differs from the supporter's own, which only this browser knows.
(() => {
  'use strict';

  // ---- time zones ----
  /** Minutes a zone is ahead of UTC at `at`, or null for a zone this browser does not know. */
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

  // Words come from the panel (data-same/-ahead/-behind, in the page's language); numbers and units
  // from Intl in that language: "5 hours 30 minutes", "5 часов 30 минут", "5 timer og 30 minutter".
  const pageLang = document.documentElement.lang || undefined;
  const unit = (name) => new Intl.NumberFormat(pageLang, { style: 'unit', unit: name, unitDisplay: 'long' });
  const hoursFormat = unit('hour'), minutesFormat = unit('minute');
  const listFormat = new Intl.ListFormat(pageLang, { type: 'unit', style: 'narrow' });

  /** "(3 hours ahead of you)", "(30 minutes behind you)", "(same as yours)", as the element words them. */
  function zoneDifference(el) {
    const now = new Date();
    const theirs = offsetMinutes(el.getAttribute('data-visitor-zone'), now);
    const mine = -now.getTimezoneOffset();
    if (theirs === null) return '';
    const diff = theirs - mine;
    if (diff === 0) return el.getAttribute('data-same') ?? '';
    const abs = Math.abs(diff);
    const hours = Math.floor(abs / 60), minutes = abs % 60;
    const amount = listFormat.format([hours ? hoursFormat.format(hours) : '', minutes ? minutesFormat.format(minutes) : ''].filter(Boolean));
    return (el.getAttribute(diff > 0 ? 'data-ahead' : 'data-behind') ?? '').replace('{amount}', () => amount);
  }

  /** Fills in the difference beside each visitor time zone; `all` also refreshes those already filled. */
  function describeZones(all) {
    for (const el of document.querySelectorAll(all ? '[data-visitor-zone]' : '[data-visitor-zone]:empty')) {
      const text = zoneDifference(el);
      if (el.textContent !== text) el.textContent = text;
    }
  }

  // ---- keeping the supporter's work across a re-rendered panel ----
  const fieldKey = (el) => `${el.form?.getAttribute('hx-post') ?? ''} ${el.name}`;

  function fieldsOf(root) {
    const map = new Map();
    for (const el of root.querySelectorAll('input[name], textarea[name]')) {
      if (el.type !== 'hidden' && el.type !== 'submit') map.set(fieldKey(el), el);
    }
    return map;
  }

  /** Copies open sections and unsaved values from a replaced panel into its successor (htmx itself moves the focus). */
  function carryOver(old, fresh) {
    for (const section of old.querySelectorAll('details[data-keep]')) {
      const twin = fresh.querySelector(`details[data-keep="${section.getAttribute('data-keep')}"]`);
      if (twin) twin.open = section.open;
    }
    const freshFields = fieldsOf(fresh);
    for (const [key, el] of fieldsOf(old)) {
      const twin = freshFields.get(key);
      if (!twin) continue;
      // Unsaved typing survives only while the saved value underneath is unchanged: after a
      // save, the server's new value wins.
      if (el.type === 'checkbox') {
        if (el.checked !== el.defaultChecked && twin.defaultChecked === el.defaultChecked) twin.checked = el.checked;
      } else if (el.value !== el.defaultValue && twin.defaultValue === el.defaultValue) {
        twin.value = el.value;
        // Setting the value moves the caret to the end; put it back where the supporter was typing.
        if (document.activeElement === twin) {
          try { twin.setSelectionRange(el.selectionStart, el.selectionEnd); } catch { /* not a text field */ }
        }
      }
    }
    for (const error of old.querySelectorAll('form .form-error')) {
      const twin = fresh.querySelector(`form[hx-post="${error.closest('form').getAttribute('hx-post')}"] .form-error`);
      if (twin && !twin.textContent) twin.textContent = error.textContent;
    }
  }

  function panelsIn(nodes) {
    const found = [];
    for (const node of nodes) {
      if (!(node instanceof Element)) continue;
      if (node.matches('[data-details]')) found.push(node);
      found.push(...node.querySelectorAll('[data-details]'));
    }
    return found;
  }

  new MutationObserver((records) => {
    const removed = panelsIn(records.flatMap((r) => [...r.removedNodes]));
    for (const old of removed) {
      const fresh = old.id && document.getElementById(old.id);
      if (fresh && fresh !== old && !old.isConnected) carryOver(old, fresh);
    }
    if (records.some((r) => r.addedNodes.length)) describeZones(false);
  }).observe(document.documentElement, { childList: true, subtree: true });

  // A saved form folds away and forgets its draft. The answer may come after the stream has
  // already replaced the panel, so the panel in the page now is found by its id.
  document.addEventListener('htmx:after:request', (event) => {
    const form = event.detail?.ctx?.sourceElement;
    const status = event.detail?.ctx?.response?.status ?? 0;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-details-form') || status < 200 || status >= 300) return;
    const action = form.getAttribute('hx-post');
    const rootId = form.closest('[data-details]')?.id;
    form.reset();
    const current = rootId ? document.getElementById(rootId) : null;
    const twin = current?.querySelector(`form[hx-post="${action}"]`);
    for (const f of new Set([form, twin].filter(Boolean))) {
      f.reset();
      const error = f.querySelector('.form-error');
      if (error) error.textContent = '';
      const section = f.closest('details');
      if (section) section.open = false;
    }
  });

  describeZones(true);
  // Offsets change at daylight saving time; a desk stays open all day.
  setInterval(() => describeZones(true), 10 * 60_000);
})();
