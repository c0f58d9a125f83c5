import zlib from 'node:zlib';

/** A real PNG a browser draws: `size` pixels square, one colour, with a lighter circle (a stand-in face). */
export function portraitPng(size = 64, rgb: [number, number, number] = [47, 93, 80]): Uint8Array<ArrayBuffer> {
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      const inside = (x - size / 2) ** 2 + (y - size / 2.4) ** 2 < (size / 4.5) ** 2 || (x - size / 2) ** 2 + (y - size * 1.1) ** 2 < (size / 2.4) ** 2;
      const [r, g, b] = inside ? rgb.map((c) => Math.min(255, c + 150)) as [number, number, number] : rgb;
      row.set([r, g, b], 1 + x * 3);
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4); length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0); header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, RGB
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
  return new Uint8Array(png);
}
