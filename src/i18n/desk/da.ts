import type { en } from './en.ts';

export const da: Record<keyof typeof en, string> = {
};
