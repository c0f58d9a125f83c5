// @ts-check
// What every page does beyond htmx, one module per behaviour (each does nothing on a page
// without its elements). The desk adds desk.js; the intake page visitor-info.js; the widget's
// frame widget-frame.js.
// First: staff pages' streams go through one shared connection (before htmx opens any).
import './shared-stream.js';
import './local-times.js';
import './connection.js';
import './composer.js';
import './drafts.js';
import './typing.js';
import './chat-scroll.js';
import './file-links.js';
import './file-upload.js';
import './screenshot.js';
import './nobody-left.js';
import './staff-menu.js';
import './visitor-alerts.js';
