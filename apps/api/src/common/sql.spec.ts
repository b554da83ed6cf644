import { describe, expect, it } from 'vitest';
import { prefixUpperBound } from './sql.js';

describe('prefixUpperBound', () => {
  it('increments the last code point', () => {
    expect(prefixUpperBound('booking.')).toBe('booking/');
    expect(prefixUpperBound('a')).toBe('b');
  });
  it('skips the surrogate range and carries past the last code point', () => {
    expect(prefixUpperBound('x\ud7ff')).toBe('x\ue000');
    expect(prefixUpperBound('ab\u{10ffff}')).toBe('ac');
  });
  it('has no bound for an empty prefix or one made only of U+10FFFF', () => {
    expect(prefixUpperBound('')).toBeNull();
    expect(prefixUpperBound('\u{10ffff}\u{10ffff}')).toBeNull();
  });
  it('bounds exactly the strings with the prefix, in code-point order', () => {
    const words = ['booking', 'booking.', 'booking.create', 'booking/', 'booking.\u{10ffff}', 'bookinh', 'bookinga', 'book'];
    const upper = prefixUpperBound('booking.')!;
    // UTF-8 byte order is code-point order, the order of COLLATE "C".
    const inRange = words.filter((w) => Buffer.compare(Buffer.from(w), Buffer.from('booking.')) >= 0 && Buffer.compare(Buffer.from(w), Buffer.from(upper)) < 0);
    expect(inRange.sort()).toEqual(words.filter((w) => w.startsWith('booking.')).sort());
  });
});
