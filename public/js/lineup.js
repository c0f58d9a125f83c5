// Lineup's page behaviour. The server renders every state; this only wires up what htmx does not:
// the CSRF header, forms that reset after sending, desk tabs, local times and list order.
(() => {
  'use strict';
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? '';

  // Every htmx request carries the CSRF secret; pushed fragments have no hidden field to carry it.
  document.addEventListener('htmx:config:request', (event) => {
    event.detail.ctx.request.headers['X-CSRF-Token'] = csrf;
  });

  // A message form clears once the server has stored the message (the stream shows it), unless
  // more was typed meanwhile: that text stays, and goes too if Enter was pressed for it.
  document.addEventListener('htmx:before:request', (event) => {
    const form = event.target instanceof HTMLFormElement ? event.target : null;
    if (form?.hasAttribute('data-reset-on-success')) form.dataset.sending = form.querySelector('textarea')?.value ?? '';
  });
  document.addEventListener('htmx:after:request', (event) => {
    const form = event.target instanceof HTMLFormElement ? event.target : null;
    if (!form?.hasAttribute('data-reset-on-success')) return;
    const status = event.detail?.ctx?.response?.status ?? 0;
    const sent = form.dataset.sending;
    delete form.dataset.sending;
    if (status < 200 || status >= 300) { delete form.dataset.resend; return; }
    const box = form.querySelector('textarea');
    const error = form.querySelector('.form-error');
    if (error) error.textContent = '';
    renewNonces(form, true);
    if (box && box.value !== sent) {
      // After this request has fully ended: until then the form would drop a new one.
      if (form.dataset.resend) { delete form.dataset.resend; setTimeout(() => form.requestSubmit()); }
      return;
    }
    delete form.dataset.resend; // nothing more was typed: nothing to send again
    if (box) box.value = '';
    box?.focus();
    // The next key pressed starts a new message: report it at once.
    if (box) reportedAt.delete(box);
  });

  // Each message carries a random id chosen here, so sending the same form twice stores it once.
  function renewNonces(root, always) {
    for (const input of root.querySelectorAll('input[data-nonce]')) {
      if (!always && input.value) continue;
      const bytes = crypto.getRandomValues(new Uint8Array(16));
      input.value = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
    }
  }

  // One send at a time (the form drops a second one): a send pressed while the previous message
  // is still on its way, by Enter or by the button, goes once that one returns.
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (form instanceof HTMLFormElement && form.hasAttribute('data-reset-on-success') && form.dataset.sending !== undefined) form.dataset.resend = '1';
  }, true);

  // Enter sends, Shift+Enter makes a new line.
  document.addEventListener('keydown', (event) => {
    const box = event.target;
    if (!(box instanceof HTMLTextAreaElement) || !box.hasAttribute('data-send-on-enter')) return;
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    if (box.value.trim() && box.form) box.form.requestSubmit();
  });

  // ---- drafts: a form marked data-draft keeps what was typed across a reload, until it is sent ----
  const draftKey = (form) => `lineup.draft.${form.dataset.draft}`;
  const draftFields = (form) => [...form.querySelectorAll('input:not([type=hidden]):not([type=checkbox]), textarea')].filter((f) => f.name);
  function restoreDrafts(root) {
    for (const form of root.querySelectorAll('form[data-draft]:not([data-draft-restored])')) {
      form.setAttribute('data-draft-restored', '');
      let saved = {};
      try { saved = JSON.parse(localStorage.getItem(draftKey(form)) || '{}'); } catch { /* a damaged draft is dropped */ }
      for (const field of draftFields(form)) if (!field.value && typeof saved[field.name] === 'string') field.value = saved[field.name];
    }
  }
  document.addEventListener('input', (event) => {
    const form = event.target instanceof Element ? event.target.closest('form[data-draft]') : null;
    if (!form) return;
    localStorage.setItem(draftKey(form), JSON.stringify(Object.fromEntries(draftFields(form).map((f) => [f.name, f.value.slice(0, 4000)]))));
  });
  document.addEventListener('htmx:after:request', (event) => {
    const form = event.target instanceof HTMLFormElement && event.target.matches('form[data-draft]') ? event.target : null;
    const status = event.detail?.ctx?.response?.status ?? 0;
    if (form && status >= 200 && status < 300) localStorage.removeItem(draftKey(form));
  });

  // ---- typing indicators ----
  // While keys are pressed in a message box, its page reports it every couple of seconds; the
  // other side shows "… is typing" until a report is a few seconds old or the message arrives.
  const TYPING_REPORT_MS = 2500;
  const TYPING_SHOWN_MS = 6000;
  const reportedAt = new WeakMap();
  document.addEventListener('input', (event) => {
    const box = event.target;
    if (!(box instanceof HTMLTextAreaElement) || !box.dataset.typing || !box.value.trim()) return;
    const now = Date.now();
    if (now - (reportedAt.get(box) ?? 0) < TYPING_REPORT_MS) return;
    reportedAt.set(box, now);
    void fetch(box.dataset.typing, { method: 'POST', headers: { 'X-CSRF-Token': csrf }, credentials: 'same-origin' }).catch(() => {});
  });
  const typingShown = new WeakMap();
  function expireTyping() {
    for (const line of document.querySelectorAll('.typing')) {
      const stamp = line.querySelector('[data-stamp]')?.getAttribute('data-stamp');
      if (!stamp || typingShown.get(line)?.stamp === stamp) continue;
      clearTimeout(typingShown.get(line)?.timer);
      typingShown.set(line, { stamp, timer: setTimeout(() => { line.textContent = ''; }, TYPING_SHOWN_MS) });
    }
  }

  // ---- times, in the viewer's own time zone ----
  // In the page's language (<html lang>), in the browser's own time zone, written the browser's
  // own way when it speaks that language (en-US reads 4:29 PM, en-GB 16:29). A numeric hour: a
  // 2-digit one reads "04:29 PM".
  const pageLang = document.documentElement.lang || undefined;
  const timeLocale = navigator.languages?.find((tag) => tag.toLowerCase().split('-')[0] === pageLang) || pageLang;
  const clock = new Intl.DateTimeFormat(timeLocale, { hour: 'numeric', minute: '2-digit' });
  const dated = new Intl.DateTimeFormat(timeLocale, { dateStyle: 'medium', timeStyle: 'short' });
  function localiseTimes(root) {
    for (const time of root.querySelectorAll('time[datetime]:not([data-local])')) {
      const at = new Date(time.getAttribute('datetime'));
      if (Number.isNaN(at.getTime())) continue;
      time.textContent = time.textContent.length > 5 ? dated.format(at) : clock.format(at);
      time.title = dated.format(at);
      time.setAttribute('data-local', '');
    }
  }
  // The desk's own words come from the page, in its language (desk/page.eta puts them on #main).
  let deskTexts = {};
  try { deskTexts = JSON.parse(document.getElementById('main')?.dataset.texts || '{}'); } catch { /* the server's words stay */ }
  const deskSay = (key, params = {}) => deskTexts[key]?.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
  function updateWaiting() {
    for (const el of document.querySelectorAll('[data-waiting-since]')) {
      const minutes = Math.max(0, Math.floor((Date.now() - Number(el.getAttribute('data-waiting-since'))) / 60000));
      const text = minutes < 1 ? deskSay('line.waitingJustNow') : deskSay('line.waitingMinutes', { minutes });
      // Only touch the DOM on a change: the mutation observer below would otherwise loop forever.
      if (text && el.textContent !== text) el.textContent = text;
    }
  }

  // ---- lists pushed to in any order: keep them ordered and free of repeats ----
  function tidyList(list, key) {
    if (!list) return;
    const seen = new Set();
    const items = [...list.children].reverse();
    for (const item of items) {
      if (seen.has(item.id)) item.remove(); else seen.add(item.id);
    }
    // Plain string order on server-made keys: the same in every browser and on the server.
    const sorted = [...list.children].sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      return x < y ? -1 : x > y ? 1 : 0;
    });
    if (sorted.some((item, i) => item !== list.children[i])) list.append(...sorted);
  }
  const byOrder = (el) => el.getAttribute('data-order') ?? '';

  // ---- desk tabs ----
  let wantedTab = (location.hash.match(/^#ticket-(\d+)$/) ?? [])[1] ?? null;
  let focusWanted = false;

  function showTab(id, focus) {
    const tabs = [...document.querySelectorAll('#tab-list [role="tab"]')];
    if (!tabs.length) return;
    const chosen = tabs.find((t) => t.dataset.ticket === id) ?? tabs[0];
    for (const tab of tabs) tab.setAttribute('aria-selected', String(tab === chosen));
    applyTabState();
    history.replaceState(null, '', `#ticket-${chosen.dataset.ticket}`);
    if (focus) chosen.focus();
    scrollLog(document.getElementById(`log-${chosen.dataset.ticket}`), true);
  }

  // Shows the selected tab's panel and hides the rest. Hidden panels keep their drafts but give
  // up their labels, so "Message" names exactly one box on the desk (for screen readers and
  // for tests that look a field up by its label).
  function applyTabState() {
    for (const tab of document.querySelectorAll('#tab-list [role="tab"]')) {
      const selected = tab.getAttribute('aria-selected') === 'true';
      tab.tabIndex = selected ? 0 : -1;
      const panel = document.getElementById(tab.getAttribute('aria-controls'));
      if (!panel) continue;
      panel.hidden = !selected;
      // Only labels that name their box with `for`: a label wrapping its box keeps it either way.
      for (const label of panel.querySelectorAll('label[for], label[data-for]')) {
        if (!label.dataset.for) label.dataset.for = label.htmlFor;
        if (selected) label.htmlFor = label.dataset.for;
        else label.removeAttribute('for');
      }
    }
  }

  function syncTabs() {
    const list = document.getElementById('tab-list');
    if (!list) return;
    if (wantedTab && document.getElementById(`tab-${wantedTab}`)) {
      showTab(wantedTab, false);
      // Just claimed: the supporter's next move is to greet the visitor.
      if (focusWanted) document.getElementById(`body-${wantedTab}`)?.focus();
      wantedTab = null;
      focusWanted = false;
      return;
    }
    const selected = list.querySelector('[aria-selected="true"]');
    // Nothing selected (first load, or a reset replaced the tabs): the address says which.
    if (!selected) showTab((location.hash.match(/^#ticket-(\d+)$/) ?? [])[1] ?? null, false);
    else applyTabState();
  }

  document.addEventListener('click', (event) => {
    const tab = event.target instanceof Element ? event.target.closest('#tab-list [role="tab"]') : null;
    if (tab) showTab(tab.dataset.ticket, true);
  });
  document.addEventListener('keydown', (event) => {
    const tab = event.target instanceof Element ? event.target.closest('#tab-list [role="tab"]') : null;
    if (!tab || !['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return;
    const tabs = [...document.querySelectorAll('#tab-list [role="tab"]')];
    const i = tabs.indexOf(tab);
    const next = event.key === 'Home' ? 0 : event.key === 'End' ? tabs.length - 1
      : (i + (event.key === 'ArrowRight' ? 1 : -1) + tabs.length) % tabs.length;
    event.preventDefault();
    showTab(tabs[next].dataset.ticket, true);
  });

  // Desk shortcuts (listed on the desk): Alt+J / Alt+K next / previous tab, Alt+M the message
  // box, Alt+L the line, Alt+T team chat. Key codes, not characters: Alt changes characters on a Mac.
  document.addEventListener('keydown', (event) => {
    if (!event.altKey || event.ctrlKey || event.metaKey || !document.getElementById('tab-list')) return;
    const tabs = [...document.querySelectorAll('#tab-list [role="tab"]')];
    const current = tabs.findIndex((t) => t.getAttribute('aria-selected') === 'true');
    const messageBox = () => document.querySelector('#tab-panels [role="tabpanel"]:not([hidden]) textarea[data-send-on-enter]');
    const act = {
      KeyJ: () => tabs.length && (showTab(tabs[(current + 1) % tabs.length].dataset.ticket, false), messageBox()?.focus()),
      KeyK: () => tabs.length && (showTab(tabs[(current - 1 + tabs.length) % tabs.length].dataset.ticket, false), messageBox()?.focus()),
      KeyM: () => messageBox()?.focus(),
      KeyL: () => (document.querySelector('#line-list button') ?? document.getElementById('line-heading'))?.focus(),
      KeyT: () => document.getElementById('team-body')?.focus(),
    }[event.code];
    if (!act) return;
    event.preventDefault();
    act();
  });

  // The claim answer names the ticket; its tab arrives over the stream, before or after it.
  document.addEventListener('htmx:after:swap', (event) => {
    const notice = document.getElementById('desk-notice');
    if (!notice || event.detail?.ctx?.target !== notice) return;
    const claimed = notice.querySelector('[data-open-ticket]');
    if (claimed) {
      wantedTab = claimed.getAttribute('data-open-ticket');
      focusWanted = true;
      claimed.removeAttribute('data-open-ticket');
      syncTabs();
    }
    // Notices answer a click; they step aside after a while.
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => { notice.textContent = ''; }, 8000);
  });
  let noticeTimer = 0;

  // ---- chat logs stay at the newest line unless the reader scrolled up ----
  const stuck = new WeakMap();
  function scrollLog(log, force) {
    if (!log) return;
    const scroller = log.closest('.panel__chat, .conversation, .team-chat__scroll') ?? log;
    if (force || stuck.get(scroller) !== false) scroller.scrollTop = scroller.scrollHeight;
  }
  document.addEventListener('scroll', (event) => {
    const el = event.target;
    if (el instanceof Element && el.matches('.panel__chat, .conversation, .team-chat__scroll')) {
      stuck.set(el, el.scrollHeight - el.scrollTop - el.clientHeight < 40);
    }
  }, true);

  // ---- say so while the live connection is down; the stream catches up by itself ----
  const banner = document.createElement('p');
  banner.className = 'connection';
  banner.setAttribute('role', 'status');
  banner.hidden = true;
  // The words come from the page, in its language (base.eta).
  banner.textContent = document.body.dataset.connectionLost ?? '';
  document.body.append(banner);
  document.addEventListener('htmx:sse:error', (event) => {
    // A desk whose session ended (signed out elsewhere, expired, account disabled) signs in again.
    if (event.detail?.status === 401) { location.href = '/login'; return; }
    banner.hidden = false;
  });
  document.addEventListener('htmx:sse:after:connection', () => { banner.hidden = true; });

  // The desk answers the server's ping: an open connection alone does not prove anyone is here.
  document.addEventListener('lineup:ping', () => {
    void fetch('/desk/alive', { method: 'POST', headers: { 'X-CSRF-Token': csrf }, credentials: 'same-origin' }).catch(() => {});
  });

  // ---- after any change to the page ----
  let pending = false;
  function refresh() {
    pending = false;
    renewNonces(document, false);
    restoreDrafts(document);
    localiseTimes(document);
    updateWaiting();
    expireTyping();
    tidyList(document.getElementById('line-list'), byOrder);
    tidyList(document.getElementById('team-list'), byOrder);
    // The chats-in-progress list is the same for every supervisor; nobody takes over from themselves.
    const me = document.getElementById('main')?.dataset.me;
    for (const row of document.querySelectorAll('#chats [data-holder]')) row.querySelector('form')?.toggleAttribute('hidden', row.dataset.holder === me);
    syncTabs();
    for (const log of document.querySelectorAll('.log')) scrollLog(log, false);
  }
  new MutationObserver(() => {
    if (!pending) { pending = true; queueMicrotask(refresh); }
  }).observe(document.documentElement, { childList: true, subtree: true });
  setInterval(updateWaiting, 30_000);
  refresh();
  for (const log of document.querySelectorAll('.log')) scrollLog(log, true);
})();
