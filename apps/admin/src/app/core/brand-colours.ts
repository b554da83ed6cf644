/**
 * Colours derived from a business's brand colour so that no choice of colour can make the admin
 * unreadable (WCAG 2.1 AA: 4.5:1 for text). The brand colour itself is kept for surfaces (buttons,
 * the logo tile); text on it is black or white, whichever contrasts more (one of the two always
 * reaches 4.58:1), and text in the brand colour on white (links, the current page in the sidebar)
 * is the brand colour darkened just enough.
 */

const HEX = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

export function isHexColour(value: string | null | undefined): value is string {
  return !!value && HEX.test(value);
}

function rgb(hex: string): [number, number, number] {
  const full = hex.length === 4 ? `#${hex[1]}${hex[1]}${hex[2]}${hex[2]}${hex[3]}${hex[3]}` : hex;
  return [1, 3, 5].map((i) => parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
}

function toHex([r, g, b]: [number, number, number]): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG relative luminance of an sRGB colour. */
export function luminance(hex: string): number {
  const [r, g, b] = rgb(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio between two colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Black or white, whichever reads better on `background` (always at least 4.58:1). */
export function foregroundOn(background: string): '#000000' | '#ffffff' {
  return contrastRatio(background, '#ffffff') >= contrastRatio(background, '#000000') ? '#ffffff' : '#000000';
}

/** `hex` mixed with white by `amount` (0..1), as the admin's soft accent backgrounds are. */
export function tint(hex: string, amount: number): string {
  return toHex(rgb(hex).map((c) => c + (255 - c) * amount) as [number, number, number]);
}

/**
 * The brand colour as text on white and on its own pale tint: darkened in small steps until it
 * reaches 4.5:1 on both (a dark colour is returned as it is).
 */
export function textColourFor(hex: string): string {
  const soft = tint(hex, 0.88);
  let [r, g, b] = rgb(hex);
  let colour = toHex([r, g, b]);
  for (let i = 0; i < 40 && (contrastRatio(colour, '#ffffff') < 4.5 || contrastRatio(colour, soft) < 4.5); i++) {
    [r, g, b] = [r * 0.92, g * 0.92, b * 0.92];
    colour = toHex([r, g, b]);
  }
  return colour;
}
