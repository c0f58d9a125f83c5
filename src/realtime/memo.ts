/**
 * Remembers recently rendered fragments, so an event is rendered once per audience rather than
 * once per open page. Bounded: the oldest entries fall out first.
 */
export class Memo {
  private entries = new Map<string, unknown>();
  constructor(private capacity = 5_000) {}

  get<T>(key: string, make: () => T): T {
    if (this.entries.has(key)) return this.entries.get(key) as T;
    const value = make();
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}

const perApp = new WeakMap<object, Map<string, Memo>>();

/** The memo of one running app (keyed by its deps), so two apps in one process never share fragments. */
export function memoFor(owner: object, name: string): Memo {
  let memos = perApp.get(owner);
  if (!memos) perApp.set(owner, (memos = new Map()));
  let memo = memos.get(name);
  if (!memo) memos.set(name, (memo = new Memo()));
  return memo;
}
