import { crc32 } from 'node:zlib';

/** Largest logo accepted, in bytes (a logo is shown at most a few hundred pixels wide). */
export const LOGO_MAX_BYTES = 512 * 1024;
/** Largest width or height accepted: a small file must not decode into a huge bitmap in every browser. */
export const LOGO_MAX_PIXELS = 4096;

export type LogoType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

export interface CheckedLogo {
  type: LogoType;
  width: number;
  height: number;
  /** The image as stored and served: the same picture with its metadata (text, EXIF, XMP, comments) removed. */
  bytes: Buffer;
}

/** Why an upload is not a logo we serve; the message is for the owner. */
export class NotALogo extends Error {}

/**
 * Decides what an upload is from its bytes alone (the declared type and file name are ignored):
 * a PNG, JPEG, GIF or WebP whose structure is whole from its signature to its end marker, with
 * nothing after it (no appended HTML, archive or script: the usual polyglot), at most
 * LOGO_MAX_PIXELS each way. Anything else (SVG, which is a document that can carry script; HTML;
 * a truncated or padded image) is refused. The stored copy keeps only what draws the picture:
 * text chunks, comments and EXIF/XMP (which can carry markup, or a phone's GPS position) are dropped.
 */
export function checkLogo(input: Buffer): CheckedLogo {
  if (input.length < 12) throw new NotALogo('The file is too short to be an image');
  if (input.subarray(0, 8).equals(PNG_SIGNATURE)) return png(input);
  if (input[0] === 0xff && input[1] === 0xd8 && input[2] === 0xff) return jpeg(input);
  const head = input.subarray(0, 6).toString('latin1');
  if (head === 'GIF87a' || head === 'GIF89a') return gif(input);
  if (input.subarray(0, 4).toString('latin1') === 'RIFF' && input.subarray(8, 12).toString('latin1') === 'WEBP') return webp(input);
  throw new NotALogo('Only PNG, JPEG, GIF and WebP images are accepted (SVG is not: it can carry script)');
}

function sized(type: LogoType, width: number, height: number, bytes: Buffer): CheckedLogo {
  if (width < 1 || height < 1) throw new NotALogo('The image has no pixels');
  if (width > LOGO_MAX_PIXELS || height > LOGO_MAX_PIXELS) throw new NotALogo(`The image is ${width}×${height}; at most ${LOGO_MAX_PIXELS} pixels each way`);
  return { type, width, height, bytes };
}

function need(buf: Buffer, end: number, what: string): void {
  if (end > buf.length) throw new NotALogo(`The ${what} is cut short`);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Chunks that draw the picture (colour, transparency, animation); everything else is metadata. */
const PNG_KEEP = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'iCCP', 'sBIT', 'pHYs', 'bKGD', 'acTL', 'fcTL', 'fdAT']);

function png(buf: Buffer): CheckedLogo {
  const kept: Buffer[] = [PNG_SIGNATURE];
  let at = 8;
  let width = 0;
  let height = 0;
  let idat = false;
  let first = true;
  for (;;) {
    need(buf, at + 12, 'PNG');
    const length = buf.readUInt32BE(at);
    const type = buf.subarray(at + 4, at + 8).toString('latin1');
    if (!/^[A-Za-z]{4}$/.test(type)) throw new NotALogo('The PNG has a damaged chunk');
    need(buf, at + 12 + length, 'PNG');
    const body = buf.subarray(at + 4, at + 8 + length);
    if (crc32(body) !== buf.readUInt32BE(at + 8 + length)) throw new NotALogo('The PNG has a damaged chunk (checksum)');
    if (first) {
      if (type !== 'IHDR' || length !== 13) throw new NotALogo('The PNG does not start with its header');
      width = buf.readUInt32BE(at + 8);
      height = buf.readUInt32BE(at + 12);
      first = false;
    }
    if (type === 'IDAT') idat = true;
    if (PNG_KEEP.has(type)) kept.push(buf.subarray(at, at + 12 + length));
    at += 12 + length;
    if (type === 'IEND') break;
  }
  if (!idat) throw new NotALogo('The PNG has no image data');
  if (at !== buf.length) throw new NotALogo('There is data after the end of the PNG');
  return sized('image/png', width, height, Buffer.concat(kept));
}

function jpeg(buf: Buffer): CheckedLogo {
  const kept: Buffer[] = [buf.subarray(0, 2)];
  let at = 2;
  let width = 0;
  let height = 0;
  let scanned = false;
  for (;;) {
    need(buf, at + 2, 'JPEG');
    if (buf[at] !== 0xff) throw new NotALogo('The JPEG has a damaged segment');
    const marker = buf[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xd9) {
      kept.push(buf.subarray(at, at + 2));
      at += 2;
      break;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) throw new NotALogo('The JPEG has a misplaced marker');
    need(buf, at + 4, 'JPEG');
    const length = buf.readUInt16BE(at + 2);
    if (length < 2) throw new NotALogo('The JPEG has a damaged segment');
    need(buf, at + 2 + length, 'JPEG');
    const segment = buf.subarray(at, at + 2 + length);
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      if (length < 8) throw new NotALogo('The JPEG has a damaged frame header');
      height = buf.readUInt16BE(at + 5);
      width = buf.readUInt16BE(at + 7);
    }
    // APP0 (JFIF) and APP14 (Adobe colour transform) change how the picture decodes; other APPn
    // (EXIF, XMP, …) and comments are metadata.
    const metadata = (marker >= 0xe0 && marker <= 0xef && marker !== 0xe0 && marker !== 0xee) || marker === 0xfe;
    if (!metadata) kept.push(segment);
    at += 2 + length;
    if (marker === 0xda) {
      scanned = true;
      // Entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a restart marker.
      const start = at;
      while (at < buf.length - 1 && !(buf[at] === 0xff && buf[at + 1] !== 0x00 && !(buf[at + 1]! >= 0xd0 && buf[at + 1]! <= 0xd7))) at++;
      need(buf, at + 2, 'JPEG');
      kept.push(buf.subarray(start, at));
    }
  }
  if (!scanned || !width) throw new NotALogo('The JPEG has no image data');
  if (at !== buf.length) throw new NotALogo('There is data after the end of the JPEG');
  return sized('image/jpeg', width, height, Buffer.concat(kept));
}

function gif(buf: Buffer): CheckedLogo {
  const width = buf.readUInt16LE(6);
  const height = buf.readUInt16LE(8);
  const flags = buf[10]!;
  let at = 13 + (flags & 0x80 ? 3 * 2 ** ((flags & 0x07) + 1) : 0);
  need(buf, at, 'GIF');
  const kept: Buffer[] = [buf.subarray(0, at)];
  let images = 0;
  /** Skips a run of data sub-blocks (size byte, data … , 0) starting at `from`; returns where it ends. */
  const subBlocks = (from: number): number => {
    let p = from;
    for (;;) {
      need(buf, p + 1, 'GIF');
      const size = buf[p]!;
      p += 1 + size;
      if (size === 0) return p;
    }
  };
  for (;;) {
    need(buf, at + 1, 'GIF');
    const introducer = buf[at]!;
    if (introducer === 0x3b) {
      kept.push(buf.subarray(at, at + 1));
      at += 1;
      break;
    }
    if (introducer === 0x21) {
      need(buf, at + 2, 'GIF');
      const label = buf[at + 1]!;
      const end = subBlocks(at + 2);
      const block = buf.subarray(at, end);
      // Graphic control (timing, transparency) and the NETSCAPE2.0 loop count draw the picture; comments, plain text and other application blocks are metadata.
      const loop = label === 0xff && buf.subarray(at + 3, at + 14).toString('latin1') === 'NETSCAPE2.0';
      if (label === 0xf9 || loop) kept.push(block);
      at = end;
    } else if (introducer === 0x2c) {
      need(buf, at + 10, 'GIF');
      const local = buf[at + 9]!;
      let p = at + 10 + (local & 0x80 ? 3 * 2 ** ((local & 0x07) + 1) : 0);
      need(buf, p + 1, 'GIF');
      p = subBlocks(p + 1); // LZW minimum code size, then the image data
      kept.push(buf.subarray(at, p));
      at = p;
      images++;
    } else throw new NotALogo('The GIF has a damaged block');
  }
  if (!images) throw new NotALogo('The GIF has no image data');
  if (at !== buf.length) throw new NotALogo('There is data after the end of the GIF');
  return sized('image/gif', width, height, Buffer.concat(kept));
}

function webp(buf: Buffer): CheckedLogo {
  if (buf.readUInt32LE(4) + 8 !== buf.length) throw new NotALogo('The WebP is cut short, or there is data after its end');
  const kept: Buffer[] = [];
  let at = 12;
  let width = 0;
  let height = 0;
  let image = false;
  while (at < buf.length) {
    need(buf, at + 8, 'WebP');
    const fourcc = buf.subarray(at, at + 4).toString('latin1');
    const size = buf.readUInt32LE(at + 4);
    const end = at + 8 + size + (size & 1);
    need(buf, end, 'WebP');
    const data = buf.subarray(at + 8, at + 8 + size);
    if (fourcc === 'VP8X' && size >= 10) {
      width = data.readUIntLE(4, 3) + 1;
      height = data.readUIntLE(7, 3) + 1;
    } else if (fourcc === 'VP8 ' && size >= 10 && !width) {
      if (data[3] !== 0x9d || data[4] !== 0x01 || data[5] !== 0x2a) throw new NotALogo('The WebP has a damaged frame');
      width = data.readUInt16LE(6) & 0x3fff;
      height = data.readUInt16LE(8) & 0x3fff;
    } else if (fourcc === 'VP8L' && size >= 5 && !width) {
      if (data[0] !== 0x2f) throw new NotALogo('The WebP has a damaged frame');
      const bits = data.readUInt32LE(1);
      width = (bits & 0x3fff) + 1;
      height = ((bits >> 14) & 0x3fff) + 1;
    }
    if (fourcc === 'VP8 ' || fourcc === 'VP8L' || fourcc === 'ANMF') image = true;
    if (fourcc !== 'EXIF' && fourcc !== 'XMP ') {
      const chunk = Buffer.from(buf.subarray(at, end));
      if (fourcc === 'VP8X') {
        chunk[8] = chunk[8]! & ~0x0c; // no EXIF, no XMP any more
      }
      kept.push(chunk);
    }
    at = end;
  }
  if (!image || !width) throw new NotALogo('The WebP has no image data');
  const body = Buffer.concat(kept);
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(body.length + 4, 4);
  header.write('WEBP', 8, 'latin1');
  return sized('image/webp', width, height, Buffer.concat([header, body]));
}
