// @ts-check
import { openClaimed } from './tabs.js';

// Notices answer a click (#desk-notice) and step aside after a while. The answer to a claim
// names the ticket (data-open-ticket): its tab comes to the front, now or once it arrives.

let timer = 0;
document.addEventListener('htmx:after:swap', (event) => {
  const notice = document.getElementById('desk-notice');
  if (!notice || event.detail.ctx.target !== notice) return;
  const claimed = notice.querySelector('[data-open-ticket]');
  if (claimed) {
    openClaimed(claimed.getAttribute('data-open-ticket') ?? '');
    claimed.removeAttribute('data-open-ticket');
  }
  clearTimeout(timer);
  timer = setTimeout(() => { notice.textContent = ''; }, 8000);
});
