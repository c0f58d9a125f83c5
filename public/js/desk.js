// @ts-check
// The desk's own behaviour, one module per behaviour (page.js does what every page does).
import './tabs.js';
import './shortcuts.js';
import './desk-notice.js';
import './list-order.js';
import './waiting-times.js';
import './take-over.js';
import './unread-counts.js';
import './line-alerts.js';
import './canned-replies.js';
import './details-panel.js';
import './zone-difference.js';
import './phone-views.js';
import './offer-countdown.js';
import './team-chat-unread.js';
import './desk-folds.js';
import './line-language.js';
