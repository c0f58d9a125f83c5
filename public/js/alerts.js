// The desk calls for attention: unread counts on tabs, a flashing title while the browser tab is
// in the background, and (if the supporter wants them) a sound and desktop notifications for
// new messages and for tickets joining the line. Everything is derived from what the stream put
// on the page, so a reset or a reload comes back to the same counts.
(() => {
  'use strict';
  const tabList = document.getElementById('tab-list');
  if (!tabList) return;
  const baseTitle = document.title;
  // The words come from the page, in its language (desk/page.eta puts them on #main).
  let texts = {};
  try { texts = JSON.parse(document.getElementById('main')?.dataset.texts || '{}'); } catch { /* no words: counts still show */ }
  const say = (key, params = {}) => (texts[key] ?? '').replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
  const SEEN_KEY = 'lineup.seen';
  const prefs = { sound: localStorage.getItem('lineup.sound') === '1', desktop: localStorage.getItem('lineup.desktop') === '1' };
  // ticket id -> id of the newest visitor message the supporter has seen (survives a reload)
  const seen = JSON.parse(sessionStorage.getItem(SEEN_KEY) || '{}');
  // ticket id -> newest visitor message already announced (sound/notification): never twice
  const announced = {};
  const knownLine = new Set();
  let firstPass = true;

  const messageId = (li) => Number(li.id.slice(2)) || 0;
  const visible = () => document.visibilityState === 'visible';

  function update() {
    let total = 0;
    let latestName = '';
    const fresh = [];
    for (const tab of tabList.querySelectorAll('[role="tab"]')) {
      const id = tab.dataset.ticket;
      const messages = [...(document.getElementById(`log-${id}`)?.querySelectorAll('.msg--visitor') ?? [])];
      const newest = messages.length ? messageId(messages[messages.length - 1]) : 0;
      if (!(id in seen) || (tab.getAttribute('aria-selected') === 'true' && visible())) seen[id] = newest;
      if (!(id in announced)) announced[id] = firstPass ? newest : seen[id];
      const unread = messages.filter((m) => messageId(m) > seen[id]);
      for (const m of messages) {
        if (messageId(m) > announced[id]) fresh.push({ id, name: tab.dataset.name || tab.textContent.trim(), text: m.querySelector('.msg__body')?.textContent ?? '' });
      }
      announced[id] = Math.max(announced[id], newest);
      showCount(tab, unread.length);
      total += unread.length;
      if (unread.length) latestName = tab.dataset.name || '';
    }
    sessionStorage.setItem(SEEN_KEY, JSON.stringify(seen));
    for (const m of fresh) announce(say('tabs.wrote', { name: m.name }), m.text, `ticket-${m.id}`);
    for (const row of document.querySelectorAll('#line-list .line-row')) {
      if (knownLine.has(row.id)) continue;
      knownLine.add(row.id);
      const name = row.querySelector('.line-row__name')?.textContent ?? '';
      if (!firstPass && document.getElementById('alert-new')?.checked) announce(say('tabs.newInLine', { name }), row.querySelector('.line-row__problem')?.textContent ?? '', row.id, true);
    }
    firstPass = false;
    setTitle(total, latestName);
  }

  function showCount(tab, count) {
    let badge = tab.querySelector('.tab__unread');
    if (!count) { badge?.remove(); tab.classList.remove('tab--unread'); return; }
    if (!badge) {
      badge = document.createElement('span');
      badge.className = 'tab__unread';
      tab.append(' ', badge);
    }
    const text = String(count);
    if (badge.textContent !== text) badge.textContent = text;
    badge.setAttribute('aria-label', say('tabs.unread', { count }));
    tab.classList.add('tab--unread');
  }

  // ---- the title: a count while anything is unread; flashing while the tab is in the background ----
  const flash = { timer: 0, calling: '', counted: '' };
  function setTitle(total, name) {
    flash.counted = total ? `(${total}) ${baseTitle}` : baseTitle;
    if (!total || visible()) {
      clearInterval(flash.timer);
      flash.timer = 0;
      if (document.title !== flash.counted) document.title = flash.counted;
      return;
    }
    const calling = say('tabs.titleWrote', { count: total, name });
    if (flash.timer && calling === flash.calling) return;
    // Something new: show it at once, then keep alternating.
    flash.calling = calling;
    clearInterval(flash.timer);
    let on = true;
    document.title = calling;
    flash.timer = setInterval(() => { on = !on; document.title = on ? flash.calling : flash.counted; }, 1000);
  }

  // ---- sound and desktop notifications, only if asked for ----
  let audio = null;
  function beep() {
    try {
      audio ??= new AudioContext();
      const at = audio.currentTime;
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = 660;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.12, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.35);
      tone.connect(gain).connect(audio.destination);
      tone.start(at);
      tone.stop(at + 0.4);
    } catch { /* no audio here: the title and badges still call */ }
  }
  function announce(title, body, tag, always) {
    const inFront = visible() && !always;
    if (prefs.sound && !inFront) beep();
    if (!prefs.desktop || visible() || !('Notification' in window) || Notification.permission !== 'granted') return;
    const note = new Notification(title, { body: body.slice(0, 140), tag });
    note.onclick = () => { window.focus(); note.close(); };
  }

  function wirePrefs() {
    for (const box of document.querySelectorAll('input[data-pref]')) {
      box.checked = prefs[box.dataset.pref];
      box.addEventListener('change', async () => {
        const pref = box.dataset.pref;
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
  }

  let pending = false;
  new MutationObserver(() => {
    if (!pending) { pending = true; queueMicrotask(() => { pending = false; update(); }); }
  }).observe(document.getElementById('main') ?? document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-selected'] });
  document.addEventListener('visibilitychange', update);
  wirePrefs();
  update();
})();
