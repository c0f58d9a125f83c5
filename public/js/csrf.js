// @ts-check
// htmx sends the CSRF token with every request it makes (hx-headers on <body>, layouts/base.eta);
// requests made by the scripts themselves send this. Pushed fragments have no hidden field for it.

/** The page's CSRF token (a signed one in the widget's frame, where Lineup's cookies are not sent). */
export const csrfToken = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
