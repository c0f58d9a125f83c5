// @ts-check
import { announce } from './alerts.js';
import { sayer } from './page-words.js';

// Supervisors and admins hear at once of a broken service norm (the stream's lineup:breach) and
// of a visitor's complaint (lineup:complaint): a sound and a desktop notification as set under
// Alerts, in front too. Both lists redraw themselves.
const say = sayer(document.getElementById('main'));

document.addEventListener('lineup:breach', (event) => {
  const { ticket, name } = JSON.parse(event.detail.data);
  announce(say('sla.alert', { name }), '', `breach-${ticket}`, true);
});

document.addEventListener('lineup:complaint', (event) => {
  const { ticket, name, text } = JSON.parse(event.detail.data);
  announce(say('complaints.alert', { name }), text, `complaint-${ticket}`, true);
});
