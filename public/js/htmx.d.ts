// What Lineup's page modules use of htmx 4 (a classic script the layout loads before them) and
// of the events it and its SSE extension dispatch, plus the events the modules send each other.

/** One htmx request, from its trigger to its swap (the `ctx` of htmx's events). */
interface HtmxContext {
  sourceElement: Element;
  target: Element | null;
  request: { body: URLSearchParams | FormData | null; headers: Record<string, string> };
  response?: { status: number };
}

type HtmxEvent = CustomEvent<{ ctx: HtmxContext }>;

/** A named SSE message, dispatched on the element that holds the stream. */
type StreamSignal = CustomEvent<{ data: string; id: string }>;

declare const htmx: {
  /** Runs `callback` with the body once htmx has started, then with each element it swaps in. */
  onLoad(callback: (element: Element) => void): void;
  registerExtension(name: string, extension: Record<string, (element: Element, detail: any) => unknown>): void;
};

interface DocumentEventMap {
  'htmx:config:request': HtmxEvent;
  'htmx:before:request': HtmxEvent;
  'htmx:after:request': HtmxEvent;
  'htmx:finally:request': HtmxEvent;
  'htmx:after:swap': HtmxEvent;
  'htmx:sse:error': CustomEvent<{ status?: number }>;
  'htmx:sse:after:connection': CustomEvent;
  /** The desk's stream: a visitor wrote in one of this desk's tabs (src/desk/regions/conversation.ts). */
  'lineup:message': StreamSignal;
  /** The desk's stream: someone joined the shown part of the line (src/desk/regions/line.ts). */
  'lineup:joined': StreamSignal;
  /** The line offers this desk a ticket (src/desk/regions/offers.ts). */
  'lineup:ring': StreamSignal;
  /** A service norm was broken (supervisors' desks, src/desk/regions/breaches.ts). */
  'lineup:breach': StreamSignal;
  /** A visitor complained (supervisors' desks, src/desk/regions/complaints.ts). */
  'lineup:complaint': StreamSignal;
  /** A desk tab was brought to the front (tabs.js). */
  'lineup:tab-shown': CustomEvent;
  /** A message box's message was stored and the box emptied (composer.js). */
  'lineup:sent': CustomEvent;
}
