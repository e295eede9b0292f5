import { deflateSync } from 'node:zlib';
import type { Category, Product } from './catalog-data.js';

/**
 * Product thumbnails: a small PNG per product (the category's colour with a band whose position depends on the id),
 * drawn in memory so the shop has a real binary endpoint without image files. PNG format:
 * https://www.w3.org/TR/png-3/ (signature, IHDR, IDAT = zlib of filtered scanlines, IEND; CRC-32 per chunk).
 */

export const IMAGE_SIZE = 32;

const COLOURS: Record<Category, [number, number, number]> = {
  books: [0x8e, 0x44, 0xad],
  electronics: [0x29, 0x80, 0xb9],
  garden: [0x27, 0xae, 0x60],
  kitchen: [0xd3, 0x54, 0x00],
  toys: [0xf1, 0xc4, 0x0f],
};

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The PNG of a product. Deterministic: the same product always gives the same bytes. */
export function productImage(product: Pick<Product, 'id' | 'category'>): Buffer {
  const [r, g, b] = COLOURS[product.category];
  const band = (product.id * 7) % IMAGE_SIZE;
  const row = IMAGE_SIZE * 3 + 1;
  const pixels = Buffer.alloc(row * IMAGE_SIZE);
  for (let y = 0; y < IMAGE_SIZE; y++) {
    pixels[y * row] = 0; // filter type 0 (None) for every scanline
    const inBand = Math.abs(y - band) < 3;
    for (let x = 0; x < IMAGE_SIZE; x++) {
      const o = y * row + 1 + x * 3;
      pixels[o] = inBand ? 255 : r;
      pixels[o + 1] = inBand ? 255 : g;
      pixels[o + 2] = inBand ? 255 : b;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(IMAGE_SIZE, 0);
  header.writeUInt32BE(IMAGE_SIZE, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour RGB
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
