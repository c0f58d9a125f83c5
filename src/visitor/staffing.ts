import type { Deps } from '../lib/deps.ts';
import { partial } from '../lib/render.ts';
import { availableSupporterCount } from '../presence/status.ts';

/** Team changes are looked at together: a burst of comings and goings is one count. */
export const STAFFING_CHECK_MS = 200;

/** The one element a ticket page's "nobody is here" offer hangs on (see ticket/_nobody.eta and lineup.css). */
export function staffedElement(nobody: boolean): string {
  return `<span id="staffed" hidden data-nobody="${nobody ? 1 : 0}"></span>`;
}

/**
 * Tells every open visitor page, at once, when the last available supporter has gone (and when
 * someone is back): the page then offers to keep waiting or to leave a message answered by
 * e-mail, and stops saying someone will be with them soon. Only the change is pushed, the same
 * few bytes to every page: thousands of open pages cost one count per burst of team changes.
 */
export class StaffingBoard {
  private pushes = new Set<(html: string) => void>();
  private timer: NodeJS.Timeout | null = null;
  private nobody: boolean;

  constructor(private deps: Deps) {
    this.nobody = availableSupporterCount(deps.db) === 0;
    deps.hub.subscribe({ topics: ['team'], deliver: () => this.schedule() });
  }

  /** Whether nobody can take a visitor right now, as pages were last told. */
  get nobodyAvailable(): boolean {
    return this.nobody;
  }

  /** A visitor page opened: it hears the state now (it may have changed while it was away) and on every change. */
  watch(push: (html: string) => void): () => void {
    this.pushes.add(push);
    push(partial('#staffed', 'outerHTML', staffedElement(this.nobody)));
    return () => this.pushes.delete(push);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.check(), STAFFING_CHECK_MS);
  }

  /** Counts who is available, and pushes to every page if that changed whether anyone is (also used by tests). */
  check(): void {
    this.stop();
    const nobody = availableSupporterCount(this.deps.db) === 0;
    if (nobody === this.nobody) return;
    this.nobody = nobody;
    const html = partial('#staffed', 'outerHTML', staffedElement(nobody));
    for (const push of this.pushes) push(html);
  }
}
