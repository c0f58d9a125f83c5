import { describe, expect, it, vi } from 'vitest';
import { parts, t } from '../../src/i18n/index.ts';
import { compile } from '../../src/i18n/messages.ts';

// Every compile goes through the real one; the spy only counts them.
vi.mock('../../src/i18n/messages.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/i18n/messages.ts')>();
  return { ...real, compile: vi.fn(real.compile) };
});

describe('the translator on a hot path', () => {
  it('parses a message once per language, however often it is said', () => {
    vi.mocked(compile).mockClear();
    for (let i = 0; i < 50; i++) {
      t('ru', 'system.joined', { name: `Ann ${i}` });
      t('ru', 'teamwork.canned.count', { count: i });
      parts('ru', 'system.joined', { name: 'Ann' });
    }
    t('da', 'system.joined', { name: 'Ann' });
    expect(vi.mocked(compile)).toHaveBeenCalledTimes(3);
    expect(new Set(vi.mocked(compile).mock.calls.map(([lang]) => lang))).toEqual(new Set(['ru', 'da']));
  });
});
