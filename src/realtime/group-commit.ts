import type { Db } from '../lib/db.ts';
import type { Deps } from '../lib/deps.ts';
import { eventWriter, type Emit, type LineupEvent } from './events.ts';
import { reactWithin } from './within.ts';

interface Queued {
  change: (tx: Db, emit: Emit) => unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

const queues = new WeakMap<Deps, Queued[]>();

/**
 * Like `commit`, but changes that arrive in the same turn of the event loop share one
 * transaction, and so one disk sync (WalSync) acknowledges all of them. Each change runs in
 * a savepoint of its own: one that fails is rolled back alone and rejects alone. Every promise
 * settles only after the shared commit; events are published after it, in order.
 *
 * @example
 * const id = await commitTogether(deps, (tx, emit) => insertSomething(tx, emit));
 */
export function commitTogether<T>(deps: Deps, change: (tx: Db, emit: Emit) => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let queue = queues.get(deps);
    if (!queue) {
      queues.set(deps, (queue = []));
      setImmediate(() => flush(deps));
    }
    queue.push({ change, resolve: resolve as (value: unknown) => void, reject });
  });
}

function flush(deps: Deps): void {
  const queue = queues.get(deps) ?? [];
  queues.delete(deps);
  const outcomes: Array<{ ok: true; value: unknown; events: LineupEvent[] } | { ok: false; error: unknown }> = [];
  try {
    deps.db.transaction(() => {
      for (const item of queue) {
        const events: LineupEvent[] = [];
        try {
          // A nested transaction is a savepoint: on error only this change is undone.
          const value = deps.db.transaction(() => {
            const emit = eventWriter(deps, events);
            const made = item.change(deps.db, emit);
            reactWithin(deps, events, emit);
            return made;
          })();
          outcomes.push({ ok: true, value, events });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
    }).immediate();
  } catch (error) {
    for (const item of queue) item.reject(error);
    return;
  }
  deps.hub.publish(outcomes.flatMap((o) => (o.ok ? o.events : [])));
  queue.forEach((item, i) => {
    const outcome = outcomes[i]!;
    if (outcome.ok) item.resolve(outcome.value);
    else item.reject(outcome.error);
  });
}
