// @ts-check

// The desk's visitor details panel. The server redraws it whenever something in it changes
// (presence, a saved comment, a block) as a morph (src/desk/regions/tab-boxes.ts), which keeps
// the supporter's focus, caret and unsaved typing; a reset morphs the tab panels the same way.
// What a morph would undo is kept here: open sections, and a refusal shown beside a form.
htmx.registerExtension('lineup-details-panel', {
  htmx_before_morph_attr: (element, { attrName }) => !(attrName === 'open' && element.matches('[data-details] details[data-keep]')),
  htmx_before_morph_node: (node) => !(node instanceof Element && node.matches('[data-details] .form-error:not(:empty)')),
});

// A saved form folds away and forgets its draft. The answer may come after a reset has already
// replaced the panel, so the panel in the page now is found by its id.
document.addEventListener('htmx:after:request', (event) => {
  const form = event.detail.ctx.sourceElement;
  const status = event.detail.ctx.response?.status ?? 0;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-details-form') || status < 200 || status >= 300) return;
  const action = form.getAttribute('hx-post');
  const rootId = form.closest('[data-details]')?.id;
  const current = rootId ? document.getElementById(rootId) : null;
  const twin = current?.querySelector(`form[hx-post="${action}"]`);
  for (const f of new Set([form, twin])) {
    if (!(f instanceof HTMLFormElement)) continue;
    f.reset();
    const error = f.querySelector('.form-error');
    if (error) error.textContent = '';
    const section = f.closest('details');
    if (section) section.open = false;
  }
});
