import type { Lang } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { partial, render } from '../lib/render.ts';
import { dashboard } from './dashboard.ts';

/** The dashboard is redrawn at most this often while things change (a busy team changes many times a second). */
export const DASHBOARD_PUSH_MS = 2_000;
/** And at least this often, so waiting times and shifts move on a quiet day. */
export const DASHBOARD_REFRESH_MS = 30_000;

interface Watcher { lang: Lang; push(html: string): void }

/** The dashboard's live part as partials, in a language. */
export function dashboardNow(deps: Deps, lang: Lang): string {
  return partial('#dashboard-now', 'outerHTML', render('supervision/_now', { d: dashboard(deps.db, deps.clock.now(), lang), now: deps.clock.now(), lang }));
}

/**
 * Keeps open dashboards current without polling: any change to the line, the team or the desks
 * schedules one redraw within DASHBOARD_PUSH_MS, rendered once per language and pushed to every
 * open dashboard of it. Nothing runs while no dashboard is open.
 */
export class DashboardBoard {
  private watchers = new Set<Watcher>();
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(private deps: Deps) {}

  /** A dashboard opened; returns what to call when it closes. */
  watch(lang: Lang, push: (html: string) => void): () => void {
    const watcher = { lang, push };
    this.watchers.add(watcher);
    this.unsubscribe ??= this.deps.hub.subscribe({ topics: ['line', 'team', 'desks'], deliver: () => this.schedule(DASHBOARD_PUSH_MS) });
    this.schedule(DASHBOARD_REFRESH_MS);
    return () => {
      this.watchers.delete(watcher);
      if (!this.watchers.size) this.stop();
    };
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Redraws within `ms`, unless a redraw is already due (the first change waits at most DASHBOARD_PUSH_MS). */
  private schedule(ms: number): void {
    if (this.timer || !this.watchers.size) return;
    this.timer = setTimeout(() => this.sweep(), ms);
    this.timer.unref();
  }

  /** Pushes the dashboard to every open one, rendered once per language (also used by tests). */
  sweep(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const drawn = new Map<Lang, string>();
    for (const watcher of this.watchers) {
      let html = drawn.get(watcher.lang);
      if (html === undefined) drawn.set(watcher.lang, html = dashboardNow(this.deps, watcher.lang));
      watcher.push(html);
    }
    this.schedule(DASHBOARD_REFRESH_MS);
  }
}
