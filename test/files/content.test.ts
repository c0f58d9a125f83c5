import { describe, expect, it } from 'vitest';
import { contentDisposition, cleanFileName, NAME_MAX } from '../../src/files/names.ts';
import { fileKind, isInlineSafe, sniffMime } from '../../src/files/sniff.ts';

import { bytes, SAMPLES } from './samples.ts';

describe('what a file is, found from its bytes', () => {
  it.each([
    ['a PNG', SAMPLES.png, 'image/png'],
    ['a JPEG', SAMPLES.jpeg, 'image/jpeg'],
    ['a GIF', SAMPLES.gif, 'image/gif'],
    ['a WebP picture', SAMPLES.webp, 'image/webp'],
    ['an MP4 video', SAMPLES.mp4, 'video/mp4'],
    ['a QuickTime video', SAMPLES.mov, 'video/quicktime'],
    ['a WebM video', SAMPLES.webm, 'video/webm'],
    ['an MP3 with ID3 tags', SAMPLES.mp3, 'audio/mpeg'],
    ['an MP3 starting with a frame', SAMPLES.mp3Frame, 'audio/mpeg'],
    ['an Ogg stream', SAMPLES.ogg, 'audio/ogg'],
    ['a WAV recording', SAMPLES.wav, 'audio/wav'],
    ['a PDF', SAMPLES.pdf, 'application/pdf'],
    ['an iPhone HEIC photo (not a video)', SAMPLES.heic, 'image/heic'],
    ['an AVIF photo (not a video)', SAMPLES.avif, 'image/avif'],
    ['an M4A voice memo', SAMPLES.m4a, 'audio/mp4'],
    ['an XML document', bytes('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'application/xml'],
    ['plain UTF-8 text', new Uint8Array(Buffer.from('Grüße, the log says: error 42 ✓\n', 'utf8')), 'text/plain'],
    ['an HTML page (whatever it is called)', bytes('<!doctype html><script>alert(document.cookie)</script>'), 'text/plain'],
    ['an SVG with a script in it', bytes('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'), 'text/plain'],
    ['a PHP script', bytes('<?php system($_GET["c"]); ?>'), 'text/plain'],
    ['text with a NUL byte in it', bytes('abc', [0], 'def'), 'application/octet-stream'],
    ['invalid UTF-8', bytes([0x48, 0x69, 0xc3, 0x28, 0xff, 0xfe]), 'application/octet-stream'],
    ['a zero-byte file', bytes(), 'application/octet-stream'],
    ['Matroska that is not WebM', bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01], 'matroska'), 'application/octet-stream'],
    ['an executable (named, and still only a download)', bytes('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff]), 'application/x-msdownload'],
  ])('recognises %s', async (_, content, mime) => {
    expect(await sniffMime(content)).toBe(mime);
  });

  it('never shows markup, PDFs or unknown bytes inline, only pictures, sound and video', () => {
    for (const mime of ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'audio/mpeg', 'audio/ogg', 'audio/wav', 'audio/mp4', 'video/mp4', 'video/webm', 'video/quicktime']) {
      expect(isInlineSafe(mime), mime).toBe(true);
    }
    for (const mime of ['image/svg+xml', 'text/html', 'text/plain', 'application/pdf', 'application/octet-stream', 'application/xml', 'text/javascript', 'image/heic', 'video/x-matroska', 'application/x-msdownload']) {
      expect(isInlineSafe(mime), mime).toBe(false);
      expect(fileKind(mime)).toBe('download');
    }
    expect(fileKind('image/png')).toBe('image');
    expect(fileKind('image/avif')).toBe('image');
    expect(fileKind('audio/ogg')).toBe('audio');
    expect(fileKind('video/mp4')).toBe('video');
  });
});

describe('file names as people sent them', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\vera\\Desktop\\invoice.pdf', 'invoice.pdf'],
    ['a\r\nX-Injected: 1.png', 'aX-Injected: 1.png'],
    ['"quoted";.jpg', '"quoted";.jpg'],
    ['photo\u202Egnp.exe', 'photognp.exe'],
    ['nul\u0000byte.txt', 'nulbyte.txt'],
    ['  spaced   out  .txt ', 'spaced out .txt'],
    ['..', 'file'],
    ['', 'file'],
    ['folder/', 'file'],
  ])('cleans %j to %j', (raw, clean) => {
    expect(cleanFileName(raw)).toBe(clean);
  });

  it('shortens a 300-character name to 120 characters, keeping its extension', () => {
    const name = cleanFileName(`${'a'.repeat(296)}.pdf`);
    expect([...name]).toHaveLength(NAME_MAX);
    expect(name.endsWith('.pdf')).toBe(true);
    expect([...cleanFileName('ü'.repeat(300))]).toHaveLength(NAME_MAX);
  });

  it('is never anything but a string', () => {
    expect(cleanFileName(undefined)).toBe('file');
    expect(cleanFileName({ toString: () => 'x.png' })).toBe('file');
  });
});

describe('Content-Disposition for a stored file', () => {
  it('carries a safe ASCII fallback and the UTF-8 name, percent-encoded', () => {
    expect(contentDisposition('attachment', 'Rechnung März.pdf'))
      .toBe(`attachment; filename="Rechnung M_rz.pdf"; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf`);
  });

  it('cannot be broken by quotes, semicolons, line breaks or apostrophes in a name', () => {
    for (const hostile of ['"quoted";.jpg', "it's (1)*.png", 'a\r\nX-Injected: 1.png', 'x"; filename="evil.html']) {
      const header = contentDisposition('inline', hostile);
      expect(header).not.toMatch(/[\r\n]/);
      const [, fallback, encoded] = header.match(/^inline; filename="([^"]*)"; filename\*=UTF-8''(\S+)$/)!;
      expect(fallback).toMatch(/^[A-Za-z0-9 ._-]+$/);
      expect(encoded).toMatch(/^[A-Za-z0-9%._~!-]+$/);
      expect(decodeURIComponent(encoded!)).toBe(hostile);
    }
  });
});
