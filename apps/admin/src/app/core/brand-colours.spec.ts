import { describe, expect, it } from 'vitest';
import { contrastRatio, foregroundOn, textColourFor, tint } from './brand-colours';

const SAMPLES = ['#fde047', '#ffffff', '#000000', '#777777', '#2f5bd3', '#22c55e', '#f97316', '#ec4899', '#0ea5e9', '#a3e635', '#fff', '#123'];

describe('brand colours', () => {
  it('text on any brand colour reaches WCAG AA (4.5:1)', () => {
    for (const c of SAMPLES) expect(contrastRatio(c, foregroundOn(c)), c).toBeGreaterThanOrEqual(4.5);
    expect(foregroundOn('#fde047')).toBe('#000000'); // dark text on yellow, not white
    expect(foregroundOn('#2f5bd3')).toBe('#ffffff');
  });

  it('the brand colour used as text is darkened until it reads on white and on its tint', () => {
    for (const c of SAMPLES) {
      const text = textColourFor(c);
      expect(contrastRatio(text, '#ffffff'), c).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(text, tint(c, 0.88)), c).toBeGreaterThanOrEqual(4.5);
    }
    expect(textColourFor('#1d4ed8')).toBe('#1d4ed8'); // already dark enough: unchanged
  });
});
