import { describe, expect, it } from 'vitest';
import { speechChunks, speechTimeoutMs } from '#renderer/voice/speech-text.ts';

describe('pieces of text to read', () => {
  it('keeps a call in one piece', () => {
    expect(speechChunks('请 B 零零一 号到 2号窗口')).toEqual(['请 B 零零一 号到 2号窗口']);
  });

  it('splits a long screen at sentence ends, each piece short, nothing lost', () => {
    const sentence = '家庭医生签约服务，请带好身份证和医保卡。';
    const text = sentence.repeat(12);
    const chunks = speechChunks(text, 60);
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) expect([...c].length).toBeLessThanOrEqual(60);
    expect(chunks.join('').replace(/ /g, '')).toBe(text);
    expect(chunks[0]!.endsWith('。')).toBe(true);
  });

  it('splits English after a full stop followed by a space, not inside a number', () => {
    expect(speechChunks('Opens at 8.30 today. What to bring. ID card', 20)).toEqual([
      'Opens at 8.30 today.',
      'What to bring.',
      'ID card',
    ]);
  });

  it('cuts text with no breaks at the limit, and reads nothing from blank text', () => {
    expect(speechChunks('请'.repeat(250), 100).map((c) => c.length)).toEqual([100, 100, 50]);
    expect(speechChunks('  \n ')).toEqual([]);
  });

  it('gives an OS voice longer for Chinese characters than letters, never forever', () => {
    expect(speechTimeoutMs('请请请请')).toBeGreaterThan(speechTimeoutMs('abcd'));
    expect(speechTimeoutMs('x'.repeat(500))).toBe(20_000);
  });
});
