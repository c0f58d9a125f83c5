// Lineup's chat widget for other websites. Embed with one line:
//   <script src="https://lineup.example/widget.js" data-site="SITE KEY" async></script>
// Optional: data-user="<signed token>" for visitors signed in on the site (see Lineup's Sites page).
//
// It adds a "Chat with us" button inside a shadow root (no styles leak in or out), opens Lineup's
// page for the site in a movable, resizable panel, and keeps the ticket, the panel's place and
// size and the unread count in this site's localStorage, so the chat follows the visitor from
// page to page. Messages are only taken from Lineup's origin.
(() => {
  'use strict';
  const script = document.currentScript;
  const site = script?.dataset.site;
  if (!script || !site || !/^[A-Za-z0-9_-]{1,64}$/.test(site) || document.querySelector('lineup-widget')) return;
  const lineup = new URL(script.src).origin;
  const user = (script.dataset.user || '').slice(0, 4000);
  // Lineup chooses the language, from the site's data-lang if it is one of Lineup's, else from the
  // browser's Accept-Language on the config request, and says which. Lineup's cookies do not reach
  // a cross-site frame, so the language then travels in the frame's address.
  const asked = String(script.dataset.lang || '').toLowerCase().split(/[-_]/)[0];
  let lang = 'en';
  let texts = {};
  const fill = (text, params) => (text || '').replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
  const word = (key, params = {}) => fill(texts[key], params);
  // A counted text comes as its plural forms ('=1', 'one', 'few', 'other', ...): pick one as ICU does.
  const counted = (key, count) => {
    const forms = texts[key] || {};
    return fill(forms[`=${count}`] ?? forms[new Intl.PluralRules(lang).select(count)] ?? forms.other, { count });
  };
  const STORE = `lineup-widget:${site}`;
  const today = () => new Date().toISOString().slice(0, 10);

  // ---- state kept across this site's pages ----
  let state = {};
  try { state = JSON.parse(localStorage.getItem(STORE) || '{}') || {}; } catch { state = {}; }
  const save = () => { try { localStorage.setItem(STORE, JSON.stringify(state)); } catch { /* private mode: this page only */ } };
  if (!/^[A-Za-z0-9_-]{43}$/.test(state.visitorKey || '')) {
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    state.visitorKey = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    save();
  }

  // ---- markup, in a shadow root: the host page's CSS does not reach in, ours does not reach out ----
  const host = document.createElement('lineup-widget');
  const root = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`
    :host { all: initial; --lw-accent: #2f5d50; }
    * { box-sizing: border-box; font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
    [hidden] { display: none !important; }
    button { cursor: pointer; border-radius: 8px; border: 1px solid #c9cdc7; background: #fff; color: #1f2522; padding: .45rem .9rem; font-weight: 600; min-height: 2.5rem; }
    button:focus-visible { outline: 3px solid var(--lw-accent); outline-offset: 2px; }
    .primary { background: var(--lw-accent); border-color: var(--lw-accent); color: #fff; }
    .launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; display: inline-flex; align-items: center; gap: .5rem;
      padding: .7rem 1.1rem; border-radius: 999px; background: var(--lw-accent); border-color: var(--lw-accent); color: #fff; box-shadow: 0 4px 16px rgba(0,0,0,.2); }
    .launcher svg { width: 20px; height: 20px; fill: currentColor; }
    .badge { min-width: 1.4rem; padding: 0 .35rem; border-radius: 999px; background: #b8321f; color: #fff; font-size: 13px; font-weight: 700; text-align: center; }
    .invite { position: fixed; right: 20px; bottom: 84px; z-index: 2147483000; width: min(320px, calc(100vw - 40px)); padding: 1rem;
      background: #fff; color: #1f2522; border: 1px solid #dcdcd4; border-radius: 12px; box-shadow: 0 6px 24px rgba(0,0,0,.18); }
    .invite p { margin: 0 0 .8rem; overflow-wrap: anywhere; }
    .invite div { display: flex; gap: .5rem; justify-content: flex-end; }
    .panel { position: fixed; z-index: 2147483001; display: flex; flex-direction: column; min-width: 280px; min-height: 320px;
      background: #fff; border: 1px solid #c9cdc7; border-radius: 12px; overflow: hidden; box-shadow: 0 10px 40px rgba(0,0,0,.25); }
    .bar { display: flex; align-items: center; gap: .3rem; padding: .3rem .4rem .3rem .2rem; background: var(--lw-accent); color: #fff; }
    .bar button { background: transparent; border-color: transparent; color: #fff; min-height: 2.2rem; padding: .3rem .6rem; }
    .bar button:hover { background: rgba(255,255,255,.14); }
    .move { flex: 1; text-align: left; cursor: move; touch-action: none; }
    .move span[aria-hidden] { opacity: .7; margin-right: .3rem; }
    .face { width: 24px; height: 24px; border-radius: 50%; object-fit: cover; vertical-align: middle; margin-right: .4rem; background: #fff; }
    iframe { flex: 1; width: 100%; border: 0; background: #fff; }
    .dragging iframe { pointer-events: none; }
    .grip { position: absolute; right: 0; bottom: 0; width: 18px; height: 18px; cursor: nwse-resize; touch-action: none;
      background: linear-gradient(135deg, transparent 50%, #9aa39e 50%, #9aa39e 60%, transparent 60%, transparent 75%, #9aa39e 75%, #9aa39e 85%, transparent 85%); }
    .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    @media (max-width: 480px) {
      .panel { left: 0 !important; top: 0 !important; width: 100vw !important; height: 100% !important; border-radius: 0; border: 0; }
      .grip { display: none; }
      .move { cursor: default; }
    }`);
  root.adoptedStyleSheets = [sheet];
  root.innerHTML = `
    <div class="invite" role="dialog" aria-labelledby="lw-greeting" hidden>
      <p id="lw-greeting"></p>
      <div><button type="button" class="decline"></button><button type="button" class="primary accept"></button></div>
    </div>
    <section class="panel" id="lw-panel" role="dialog" hidden>
      <div class="bar">
        <button type="button" class="move" aria-describedby="lw-move-help"><span aria-hidden="true">⠿</span><img class="face" alt="" hidden><span class="title"></span></button>
        <span id="lw-move-help" class="sr"></span>
        <button type="button" class="sound"></button>
        <button type="button" class="close">✕</button>
      </div>
      <div class="grip" aria-hidden="true"></div>
    </section>
    <button type="button" class="launcher" aria-controls="lw-panel" aria-expanded="false" hidden>
      <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>
      <span class="launcher__text"></span><span class="badge" hidden></span>
    </button>`;
  const $ = (selector) => root.querySelector(selector);
  const launcher = $('.launcher'), badge = $('.badge'), panel = $('.panel'), invite = $('.invite'), soundButton = $('.sound');
  let frame = null;
  /** What the ticket in the frame is doing (waiting, claimed, ...), as its page last said. */
  let ticketState = null;
  /** Who answers the visitor (name, photo address), shown in the panel's title: "Ann is answering". */
  let answering = null;
  /** A photo address from the frame, if it is one of Lineup's own photos (nothing else is loaded). */
  function ownPhoto(url) {
    try {
      const at = new URL(String(url));
      return at.origin === lineup && /^\/photos\/\d+\/\d+$/.test(at.pathname) ? at.href : '';
    } catch { return ''; }
  }
  function showAnswering() {
    const face = $('.face');
    $('.move .title').textContent = answering ? word('answering', { name: answering.name }) : word('chatWithUs');
    face.hidden = !answering?.photo;
    if (answering?.photo && face.getAttribute('src') !== answering.photo) face.src = answering.photo;
  }

  // ---- the panel: position and size kept across pages, always inside the window ----
  const MIN_W = 280, MIN_H = 320;
  function place() {
    const vw = window.innerWidth, vh = window.innerHeight;
    const w = Math.min(Math.max(state.w || 370, MIN_W), vw - 16), h = Math.min(Math.max(state.h || 620, MIN_H), vh - 16);
    const x = Math.min(Math.max(state.x ?? vw - w - 20, 8), vw - w - 8), y = Math.min(Math.max(state.y ?? vh - h - 84, 8), vh - h - 8);
    Object.assign(panel.style, { left: `${x}px`, top: `${y}px`, width: `${w}px`, height: `${h}px` });
    return { x, y, w, h };
  }
  function moveBy(dx, dy, resize) {
    const now = place();
    if (resize) { state.w = now.w + dx; state.h = now.h + dy; } else { state.x = now.x + dx; state.y = now.y + dy; }
    const done = place();
    Object.assign(state, resize ? { w: done.w, h: done.h } : { x: done.x, y: done.y });
    save();
  }
  function dragWith(handle, resize) {
    handle.addEventListener('pointerdown', (event) => {
      if (window.innerWidth <= 480 || event.button !== 0) return;
      event.preventDefault();
      handle.setPointerCapture(event.pointerId);
      panel.classList.add('dragging');
      let last = { x: event.clientX, y: event.clientY };
      const move = (e) => { moveBy(e.clientX - last.x, e.clientY - last.y, resize); last = { x: e.clientX, y: e.clientY }; };
      const end = () => { panel.classList.remove('dragging'); handle.removeEventListener('pointermove', move); handle.removeEventListener('pointerup', end); handle.removeEventListener('pointercancel', end); };
      handle.addEventListener('pointermove', move);
      handle.addEventListener('pointerup', end);
      handle.addEventListener('pointercancel', end);
    });
  }
  dragWith($('.move'), false);
  dragWith($('.grip'), true);
  $('.move').addEventListener('keydown', (event) => {
    const step = { ArrowLeft: [-20, 0], ArrowRight: [20, 0], ArrowUp: [0, -20], ArrowDown: [0, 20] }[event.key];
    if (!step) return;
    event.preventDefault();
    moveBy(step[0], step[1], event.shiftKey);
  });
  window.addEventListener('resize', () => { if (!panel.hidden) place(); });

  // ---- the iframe: Lineup's page for this site, the ticket page once there is a token ----
  function frameUrl() {
    const query = new URLSearchParams({ vk: state.visitorKey, lang });
    if (user) query.set('user', user);
    return state.token ? `${lineup}/w/${site}/t/${encodeURIComponent(state.token)}` : `${lineup}/w/${site}?${query}`;
  }
  function ensureFrame() {
    if (frame) return;
    frame = document.createElement('iframe');
    frame.title = word('chatWithUs');
    // A cross-site frame may capture the screen only when its host page allows it ("Share a screenshot").
    frame.allow = 'display-capture';
    frame.src = frameUrl();
    // Each page loaded in the frame is told where the visitor is (it checks our origin).
    frame.addEventListener('load', tellPage);
    panel.insertBefore(frame, $('.grip'));
  }
  function tellPage() {
    frame?.contentWindow?.postMessage({ lineup: 1, type: 'page', url: location.href, referrer: document.referrer }, lineup);
  }
  let lastHref = location.href;

  function setOpen(open, focus) {
    state.open = open;
    // Opening the chat answers any invitation for today.
    if (open) { state.unread = 0; state.inviteAnswered = today(); hideInvite(); }
    save();
    ensureFrame();
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    if (open) place();
    showBadge();
    if (focus) (open ? $('.move') : launcher).focus();
  }
  /** The visitor closes the panel: remembered with what the ticket was doing then. */
  function closeByVisitor() {
    state.closedOn = state.token ? ticketState : null;
    setOpen(false, true);
  }
  launcher.addEventListener('click', () => { interacted(); if (panel.hidden) setOpen(true, true); else closeByVisitor(); });
  $('.close').addEventListener('click', () => { interacted(); closeByVisitor(); });
  root.addEventListener('keydown', (event) => { if (event.key === 'Escape' && !panel.hidden) closeByVisitor(); });

  // ---- new replies while the panel is closed: a badge, and a short sound once the visitor has used the widget ----
  function showBadge() {
    const n = state.unread || 0;
    badge.hidden = n === 0;
    badge.textContent = String(n);
    launcher.setAttribute('aria-label', n ? counted('newReplies', n) : word('chatWithUs'));
  }
  let audio = null;
  function interacted() {
    if (!state.interacted) { state.interacted = true; save(); }
    if (!audio && window.AudioContext) { try { audio = new AudioContext(); } catch { audio = null; } }
    showSound();
  }
  function showSound() {
    // Says what a press does; the sound stays off until the visitor has used the widget.
    const on = Boolean(state.interacted) && !state.muted;
    soundButton.textContent = on ? word('mute') : word('unmute');
    soundButton.setAttribute('aria-label', on ? word('muteLabel') : word('unmuteLabel'));
  }
  soundButton.addEventListener('click', () => {
    const wasOn = Boolean(state.interacted) && !state.muted;
    interacted();
    state.muted = wasOn;
    save();
    showSound();
  });
  function chime() {
    if (!state.interacted || state.muted || !window.AudioContext) return;
    try {
      audio ??= new AudioContext();
      if (audio.state === 'suspended') void audio.resume();
      const t = audio.currentTime;
      for (const [i, freq] of [[0, 880], [1, 660]]) {
        const osc = audio.createOscillator(), gain = audio.createGain();
        osc.frequency.value = freq;
        gain.gain.setValueAtTime(0.0001, t + i * 0.16);
        gain.gain.exponentialRampToValueAtTime(0.2, t + i * 0.16 + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, t + i * 0.16 + 0.15);
        osc.connect(gain).connect(audio.destination);
        osc.start(t + i * 0.16);
        osc.stop(t + i * 0.16 + 0.16);
      }
      host.dataset.sounds = String(Number(host.dataset.sounds || 0) + 1);
    } catch { /* no sound on this device */ }
  }

  window.addEventListener('message', (event) => {
    if (event.origin !== lineup || !frame || event.source !== frame.contentWindow) return;
    const data = event.data;
    if (!data || data.lineup !== 1) return;
    if (data.type === 'token') {
      const token = typeof data.token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(data.token) ? data.token : null;
      if (token !== state.token) { state.token = token; state.closedOn = null; save(); }
    } else if (data.type === 'new') {
      state.token = null;
      save();
      frame.src = frameUrl();
    } else if (data.type === 'state' && typeof data.state === 'string') {
      ticketState = data.state;
      const who = data.supporter;
      answering = data.state === 'claimed' && who && typeof who.name === 'string' ? { name: who.name.slice(0, 80), photo: ownPhoto(who.photo) } : null;
      showAnswering();
    } else if (data.type === 'reply' && panel.hidden) {
      chime();
      // The first reply is what a visitor who closed the panel while waiting was waiting for; once
      // they closed it on a conversation in progress, replies only raise the badge.
      if (data.first === true && state.closedOn !== 'claimed') { setOpen(true, false); return; }
      state.unread = Math.min((state.unread || 0) + 1, 99);
      save();
      showBadge();
    }
  });

  // ---- the proactive invitation ----
  let config = null;
  function matches(pattern) {
    if (!pattern) return true;
    const target = pattern.startsWith('/') ? location.pathname + location.search : location.href;
    if (!pattern.includes('*')) return target.startsWith(pattern);
    const re = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return re.test(target);
  }
  function report(event) {
    if (!config) return;
    void fetch(`${lineup}/w/${site}/invites`, {
      method: 'POST', mode: 'cors', credentials: 'omit', body: new URLSearchParams({ event, _csrf: config.csrf }),
    }).catch(() => {});
  }
  function answered() { return state.inviteAnswered === today() || state.declined === today(); }
  function hideInvite() { invite.hidden = true; }
  function showInvite(count) {
    $('#lw-greeting').textContent = config.invite.greeting;
    invite.hidden = false;
    if (count) { state.inviteShown = today(); save(); report('shown'); }
  }
  $('.accept').addEventListener('click', () => {
    interacted();
    state.inviteAnswered = today();
    report('accepted');
    setOpen(true, true);
  });
  $('.decline').addEventListener('click', () => {
    interacted();
    // Remembered for the day: the invitation does not come back until tomorrow.
    state.declined = today();
    save();
    report('declined');
    hideInvite();
    launcher.focus();
  });
  function tick() {
    if (location.href !== lastHref) { lastHref = location.href; tellPage(); }
    const invitation = config?.invite;
    if (!invitation || state.token || !panel.hidden || answered() || document.visibilityState !== 'visible') return;
    if (!matches(invitation.pattern)) { hideInvite(); return; }
    if (state.inviteShown === today()) { if (invite.hidden) showInvite(false); return; }
    if (state.inviteDay !== today()) { state.inviteDay = today(); state.inviteSeconds = 0; }
    state.inviteSeconds = (state.inviteSeconds || 0) + 1;
    save();
    if (state.inviteSeconds >= invitation.afterSeconds) showInvite(true);
  }

  // ---- start: only on pages the site allows (Lineup answers the site's own origins only) ----
  fetch(`${lineup}/w/${site}/config${/^[a-z]{2,3}$/.test(asked) ? `?lang=${asked}` : ''}`, { mode: 'cors', credentials: 'omit' })
    .then((res) => (res.ok ? res.json() : null))
    .then((answer) => {
      if (!answer) return;
      config = answer;
      lang = answer.lang || 'en';
      // The site's (or team's) accent, checked by Lineup for contrast; only a plain #rrggbb is taken.
      if (/^#[0-9a-f]{6}$/.test(answer.accent || '')) sheet.insertRule(`:host { --lw-accent: ${answer.accent}; }`, sheet.cssRules.length);
      texts = answer.texts || {};
      // The words in the visitor's language: the markup above has none until Lineup answers.
      $('.decline').textContent = word('noThanks');
      $('.accept').textContent = word('chatNow');
      showAnswering();
      $('#lw-move-help').textContent = word('moveHelp');
      $('.close').setAttribute('aria-label', word('close'));
      $('.launcher__text').textContent = word('chatWithUs');
      if (frame) frame.title = word('chatWithUs');
      const title = word('chatWith', { site: String(answer.name).slice(0, 80) });
      panel.setAttribute('aria-label', title);
      document.body.append(host);
      launcher.hidden = false;
      showBadge();
      showSound();
      // A visitor with a ticket keeps its page loaded (hidden) so replies can raise the badge.
      if (state.open) setOpen(true, false);
      else if (state.token) ensureFrame();
      setInterval(tick, 1000);
      window.addEventListener('popstate', () => tick());
    })
    .catch(() => { /* Lineup unreachable: no button rather than a broken one */ });
})();
