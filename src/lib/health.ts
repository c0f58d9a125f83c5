/**
 * What /healthz looks at: each part (the database, the search and checkpoint threads, the mail
 * outbox) says what is wrong with it, or null. A check that throws is a problem too.
 *
 * @example
 * health.watch('search thread', () => searcher.problem());
 * health.problems() // ['search thread: failed at ... and has not answered since']
 */
export class Health {
  private parts = new Map<string, () => string | null>();

  watch(part: string, problem: () => string | null): void {
    this.parts.set(part, problem);
  }

  problems(): string[] {
    const found: string[] = [];
    for (const [part, problem] of this.parts) {
      let said: string | null;
      try {
        said = problem();
      } catch (error) {
        said = `check failed (${error instanceof Error ? error.message : 'unknown error'})`;
      }
      if (said) found.push(`${part}: ${said}`);
    }
    return found;
  }
}
