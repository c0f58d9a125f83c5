/** Small files of each kind, as their first bytes would be. */
export const bytes = (...parts: Array<number[] | string>) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

export const SAMPLES = {
  png: bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR', [0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]),
  jpeg: bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], 'JFIF'),
  gif: bytes('GIF89a', [1, 0, 1, 0, 0, 0, 0]),
  webp: bytes('RIFF', [36, 0, 0, 0], 'WEBPVP8 '),
  mp4: bytes([0, 0, 0, 24], 'ftypisom', [0, 0, 2, 0]),
  mov: bytes([0, 0, 0, 20], 'ftypqt  ', [0, 0, 2, 0]),
  webm: bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84], 'webm'),
  // ID3 tags (an empty tag) and then the first MPEG frame, as a tagged MP3 starts.
  mp3: bytes('ID3', [4, 0, 0, 0, 0, 0, 0], [0xff, 0xfb, 0x90, 0x64, 0, 0, 0, 0]),
  mp3Frame: bytes([0xff, 0xfb, 0x90, 0x64, 0, 0, 0, 0]),
  // The first page of an Ogg stream: header, one segment, and a Vorbis identification header.
  ogg: bytes('OggS', [0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 30], [1], 'vorbis', [0, 0, 0, 0, 2, 0x44, 0xac, 0, 0]),
  // What an iPhone sends: HEIC pictures and, from newer ones, AVIF; and a voice memo (M4A).
  heic: bytes([0, 0, 0, 24], 'ftypheic', [0, 0, 0, 0], 'mif1heic'),
  avif: bytes([0, 0, 0, 28], 'ftypavif', [0, 0, 0, 0], 'avifmif1miaf'),
  m4a: bytes([0, 0, 0, 24], 'ftypM4A ', [0, 0, 2, 0], 'M4A isom'),
  wav: bytes('RIFF', [36, 0, 0, 0], 'WAVEfmt '),
  pdf: bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n'),
};
