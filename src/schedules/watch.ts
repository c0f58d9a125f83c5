import type { Deps } from '../lib/deps.ts';
import { commit } from '../realtime/events.ts';
import { offShiftNow } from './shifts.ts';

/**
 * Shifts start and end by the clock, with no change to announce them: checked every half minute
 * (the same timer as the opening hours), the supporters whose shift began or ended are redrawn
 * in colleagues' team lists. Reads only supporters who have shifts.
 */
export class ShiftWatch {
  private off: Set<number> | null = null;

  constructor(private deps: Deps) {}

  check(): void {
    const off = offShiftNow(this.deps.db, this.deps.clock.now());
    const before = this.off;
    this.off = off;
    if (!before) return;
    const changed = [...off].filter((id) => !before.has(id)).concat([...before].filter((id) => !off.has(id)));
    if (changed.length) commit(this.deps, (_tx, emit) => { for (const supporterId of changed) emit({ topic: 'team', type: 'supporter.status', supporterId }); });
  }
}
