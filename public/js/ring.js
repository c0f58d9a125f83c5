// @ts-check
import { announce } from './alerts.js';
import { sayer } from './page-words.js';

// The line offers this supporter a ticket (the stream's lineup:ring, beside the ringing card):
// a sound and a desktop notification as the supporter set them under "Alerts", in front too,
// since the card has only seconds to be answered. A break never rings (routing skips it).
const say = sayer(document.getElementById('main'));

document.addEventListener('lineup:ring', (event) => {
  const { ticket, name, problem } = JSON.parse(event.detail.data);
  announce(say('ring.title', { name }), problem, `ring-${ticket}`, true);
});
