/**
 * The colours a category may have: each keeps a contrast of at least 3:1 against the cards of both themes
 * (checked by test/unit/palette-contrast.test.ts), so the user picks from these rather than typing a colour.
 * The built-in categories' colours are among them.
 */
export const CATEGORY_PALETTE = [
  { color: '#2e7d32', name: 'Green' },
  { color: '#558b2f', name: 'Leaf' },
  { color: '#6d7f00', name: 'Olive' },
  { color: '#00897b', name: 'Teal' },
  { color: '#00838f', name: 'Cyan' },
  { color: '#0277bd', name: 'Sky' },
  { color: '#1976d2', name: 'Blue' },
  { color: '#3f7fbf', name: 'Steel' },
  { color: '#5c6bc0', name: 'Indigo' },
  { color: '#7e57c2', name: 'Violet' },
  { color: '#9e43b6', name: 'Purple' },
  { color: '#b0529c', name: 'Orchid' },
  { color: '#c62665', name: 'Raspberry' },
  { color: '#e91e63', name: 'Pink' },
  { color: '#d32f2f', name: 'Red' },
  { color: '#f4511e', name: 'Coral' },
  { color: '#e65100', name: 'Orange' },
  { color: '#ad5a00', name: 'Amber' },
  { color: '#9c6644', name: 'Brown' },
  { color: '#8d6e63', name: 'Clay' },
  { color: '#757575', name: 'Grey' },
  { color: '#607d8b', name: 'Slate' },
  { color: '#78909c', name: 'Silver' },
] as const;

export type CategoryColor = (typeof CATEGORY_PALETTE)[number]['color'];
export const CATEGORY_COLORS = CATEGORY_PALETTE.map((p) => p.color) as [CategoryColor, ...CategoryColor[]];

/** The palette's name for a colour ("Green"), or the colour itself when it is not in the palette. */
export function colorName(color: string): string {
  return CATEGORY_PALETTE.find((p) => p.color === color.toLowerCase())?.name ?? color;
}
