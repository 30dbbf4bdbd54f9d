import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { en } from '../src/i18n/locale/en';
import { zhCN } from '../src/i18n/locale/zh-CN';

function keys(messages: Record<string, Record<string, string>>): string[] {
  return Object.entries(messages).flatMap(([screen, m]) => Object.keys(m).map((k) => `${screen}.${k}`)).sort();
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    // The customer's widget (src/widget) has its own small catalogue: test/widget-i18n.test.ts
    if (p.endsWith(join('src', 'widget'))) return [];
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('the translations', () => {
  it('have every key in both languages, none empty', () => {
    expect(keys(zhCN)).toEqual(keys(en));
    for (const m of [en, zhCN]) {
      for (const screen of Object.values(m)) for (const text of Object.values(screen)) expect(text.trim()).not.toBe('');
    }
  });

  it('hold every literal key the views ask for', () => {
    const known = new Set(keys(en));
    const asked = sources(join(__dirname, '../src')).flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/\bt\('([\w.-]+)'/g)].map((m) => m[1]));
    expect(asked.length).toBeGreaterThan(10);
    expect(asked.filter((k) => !known.has(k))).toEqual([]);
  });
});
