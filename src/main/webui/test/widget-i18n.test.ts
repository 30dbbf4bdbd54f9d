import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogues, errorKey, pickLang, translate } from '../src/widget/i18n';

describe("the widget's strings", () => {
  it('have every key in both languages, none empty, with the same placeholders', () => {
    const en = catalogues.en as Record<string, string>;
    const zh = catalogues['zh-CN'] as Record<string, string>;
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) {
      expect(text.trim(), key).not.toBe('');
      expect(zh[key].trim(), key).not.toBe('');
      const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(params(zh[key]), key).toEqual(params(text));
    }
  });

  it('hold every literal key the widget asks for', () => {
    const dir = join(__dirname, '../src/widget');
    const asked = readdirSync(dir).filter((f) => f.endsWith('.ts')).flatMap((f) =>
      [...readFileSync(join(dir, f), 'utf8').matchAll(/\bt\('([\w.-]+)'/g)].map((m) => m[1]));
    expect(asked.length).toBeGreaterThan(30);
    expect(asked.filter((k) => !(k in catalogues.en))).toEqual([]);
  });

  it('translate every error code of the socket and never fall back to the server text', () => {
    for (const code of ['malformed', 'bad-frame', 'unauthorized', 'too-long', 'rate-limited', 'chat-ended', 'failed',
      'already-rated']) {
      expect(errorKey(code)).toBe(`error.${code}`);
    }
    expect(errorKey('something-new')).toBe('error.server');
    expect(translate('zh-CN', errorKey('too-long'))).toBe('消息太长，请缩短后再发送。');
  });

  it('pick the language from the host, else the browser, else English', () => {
    expect(pickLang('zh-CN', 'en-US')).toBe('zh-CN');
    expect(pickLang(null, 'zh-TW')).toBe('zh-CN');
    expect(pickLang('en', 'zh-CN')).toBe('en');
    expect(pickLang('fr', 'de-DE')).toBe('en');
    expect(translate('en', 'joined', { agent: 'Chen Jie' })).toBe('Chen Jie joined the chat');
  });
});
