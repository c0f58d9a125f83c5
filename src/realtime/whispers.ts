/** Sends a frame to one open page: HTML, or a named event the page script answers. */
export type Push = (html: string, event?: string) => void;

/**
 * Passing state pushed to open pages by key ("desk:7", "ticket:42"): typing indicators and desk
 * pings. Unlike
 * events these are not stored and never replayed; a page that misses one has lost nothing.
 * They reach pages of this process only.
 */
export class Whispers {
  private pages = new Map<string, Set<Push>>();

  /** A page opened under `key`; returns what to call when it closes. */
  join(key: string, push: Push): () => void {
    let set = this.pages.get(key);
    if (!set) this.pages.set(key, (set = new Set()));
    set.add(push);
    return () => {
      set.delete(push);
      if (set.size === 0 && this.pages.get(key) === set) this.pages.delete(key);
    };
  }

  send(key: string, html: string, event?: string): void {
    for (const push of this.pages.get(key) ?? []) push(html, event);
  }
}
