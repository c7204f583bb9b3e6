/**
 * Every colour a chart draws with keeps a contrast of at least 3:1 (WCAG 2.x non-text contrast) against
 * the card background of both themes, read from the stylesheet; existing databases get the new category
 * colours through migration 9.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/main/core/db/database';
import { MIGRATIONS } from '../../src/main/core/db/migrations';
import { DEFAULT_CATEGORIES } from '../../src/main/core/db/default-categories';
import * as palette from '../../src/renderer/src/charts/palette';
import { CATEGORY_PALETTE } from '../../src/shared/category-palette';
import { fixtureDb } from './reports/fixture';
import { spendingByCategory } from '../../src/main/core/reports';

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/** The card background (--surface) of the light theme and of the dark theme, from app.css. */
function cardBackgrounds(): { light: string; dark: string } {
  const css = readFileSync(join(__dirname, '../../src/renderer/src/styles/app.css'), 'utf8');
  const surfaces = [...css.matchAll(/--surface:\s*(#[0-9a-fA-F]{6})\s*;/g)].map((m) => m[1].toLowerCase());
  const dark = css.slice(css.indexOf(":root[data-theme='dark']"));
  const darkSurface = /--surface:\s*(#[0-9a-fA-F]{6})/.exec(dark)![1].toLowerCase();
  return { light: surfaces[0], dark: darkSurface };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('chart colours', () => {
  const { light, dark } = cardBackgrounds();
  const colours: [string, string][] = [
    ...DEFAULT_CATEGORIES.map((c): [string, string] => [`category ${c.name}`, c.color]),
    ...palette.SERIES_COLORS.map((c, i): [string, string] => [`series ${i + 1}`, c]),
    ['other', palette.OTHER_COLOR],
    ['uncategorised', palette.UNCATEGORISED_COLOR],
    ['income', palette.INCOME_COLOR],
    ['expenses', palette.EXPENSE_COLOR],
    ...CATEGORY_PALETTE.map((p): [string, string] => [`palette ${p.name}`, p.color]),
  ];

  it('reads both themes\' card backgrounds', () => {
    expect(light).toBe('#ffffff');
    expect(dark).toBe('#171c25');
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21);
    expect(contrast('#4e342e', dark)).toBeLessThan(3); // the old, nearly invisible Housing brown
  });

  it.each(colours)('%s (%s) has contrast ≥ 3:1 on the light and the dark card', (_name, colour) => {
    expect(contrast(colour, light)).toBeGreaterThanOrEqual(3);
    expect(contrast(colour, dark)).toBeGreaterThanOrEqual(3);
  });

  it('uncategorised spending from the core uses a readable colour too', () => {
    const db = fixtureDb();
    const item = spendingByCategory(db, { from: '2026-01-01', to: '2026-02-28' })[0].items.find((i) => i.categoryId === null)!;
    expect(contrast(item.color, light)).toBeGreaterThanOrEqual(3);
    expect(contrast(item.color, dark)).toBeGreaterThanOrEqual(3);
  });

  it('migration 9 gives an existing database the readable colours, keeping colours the user chose', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mybucks-palette-'));
    dirs.push(dir);
    const file = join(dir, 'mybucks.sqlite');
    const old = openDatabase(file, MIGRATIONS.filter((m) => m.version < 9));
    old.prepare("UPDATE categories SET color = '#4e342e' WHERE id = 'housing'").run();
    old.prepare("UPDATE categories SET color = '#123456' WHERE id = 'shopping'").run(); // the user's own
    old.close();
    const db = openDatabase(file);
    const colour = (id: string) => db.prepare('SELECT color FROM categories WHERE id = ?').pluck().get(id);
    expect(colour('housing')).toBe('#9c6644');
    expect(colour('shopping')).toBe('#123456');
    db.close();
  });
});
