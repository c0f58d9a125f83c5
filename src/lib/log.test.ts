import { describe, expect, it } from 'vitest';
import { redactedPath } from './log.ts';

describe('redactedPath', () => {
  it('takes tokens, site keys and queries out of a path', () => {
    const token = 'hR7x-' + 'a'.repeat(38);
    expect(redactedPath(`/t/${token}`)).toBe('/t/:token');
    expect(redactedPath(`/t/${token}/files/3`)).toBe('/t/:token/files/3');
    expect(redactedPath(`/w/AbCdEfGhIjKlMnOp/t/${token}/stream?lang=da`)).toBe('/w/:key/t/:token/stream');
    expect(redactedPath('/w/AbCdEfGhIjKlMnOp?vk=secret-visitor-key')).toBe('/w/:key');
    expect(redactedPath('/search?q=vera%40example.com')).toBe('/search');
    expect(redactedPath(`/set-password/${token}`)).toBe('/set-password/:token');
    expect(redactedPath('/desk/tickets/12/claim')).toBe('/desk/tickets/12/claim');
    expect(redactedPath('/' + 'x'.repeat(500))).toHaveLength(200);
  });
});
