import { describe, expect, it } from 'vitest';
import { chooseVoice, OFFLINE_VOICES, voiceFit, type OsVoiceInfo } from '#renderer/voice/voice-choice.ts';

const os = (lang: string, name = lang, extra: Partial<OsVoiceInfo> = {}): OsVoiceInfo => ({
  name,
  lang,
  localService: true,
  default: false,
  ...extra,
});

describe('choosing the voice', () => {
  it('uses the offline voice where the machine has no voice at all (a stock Linux station)', () => {
    expect(chooseVoice([], 'zh-Hans')).toEqual({ kind: 'offline', voice: OFFLINE_VOICES['zh-Hans'] });
    expect(chooseVoice([], 'en')).toEqual({ kind: 'offline', voice: OFFLINE_VOICES.en });
    expect(OFFLINE_VOICES['zh-Hans'].id).toBe('cmn');
    expect(OFFLINE_VOICES['zh-Hant'].id).toBe('cmn');
    expect(OFFLINE_VOICES.en.id).toBe('en-us');
  });

  it('prefers a local OS voice in the language', () => {
    const huihui = os('zh-CN', 'Microsoft Huihui');
    expect(chooseVoice([os('en-US'), huihui], 'zh-Hans')).toEqual({ kind: 'os', voice: huihui });
    const kangkang = os('zh_CN', 'espeak Mandarin');
    expect(chooseVoice([kangkang], 'zh-Hans')).toMatchObject({ kind: 'os', voice: { name: 'espeak Mandarin' } });
  });

  it('uses the offline voice when the only OS voices are of other languages', () => {
    expect(chooseVoice([os('en-US'), os('fr-FR'), os('ja-JP')], 'zh-Hans').kind).toBe('offline');
    expect(chooseVoice([os('zh-CN'), os('zh-TW')], 'en').kind).toBe('offline');
  });

  it('never takes a voice that needs the network (Chromium’s online voices)', () => {
    const online = os('zh-CN', 'Google 普通话（中国大陆）', { localService: false });
    expect(chooseVoice([online], 'zh-Hans').kind).toBe('offline');
  });

  it('reads 简体 with a mainland voice and 繁體 with a Taiwan or Hong Kong one, never crossed', () => {
    expect(chooseVoice([os('zh-TW'), os('zh-HK')], 'zh-Hans').kind).toBe('offline');
    expect(chooseVoice([os('zh-CN')], 'zh-Hant').kind).toBe('offline');
    expect(chooseVoice([os('yue')], 'zh-Hans').kind).toBe('offline');
    expect(chooseVoice([os('zh-HK', 'Sin-ji')], 'zh-Hant')).toMatchObject({ kind: 'os', voice: { name: 'Sin-ji' } });
  });

  it('takes the app’s own speech language over a neighbour, and the default voice within a language', () => {
    const voices = [
      os('zh-HK', 'hk'),
      os('zh-TW', 'tw'),
      os('en-GB', 'gb'),
      os('en-US', 'us'),
      os('en-US', 'us2', { default: true }),
    ];
    expect(chooseVoice(voices, 'zh-Hant')).toMatchObject({ voice: { name: 'tw' } });
    expect(chooseVoice(voices, 'en')).toMatchObject({ voice: { name: 'us2' } });
    expect(chooseVoice([os('en-GB', 'gb')], 'en')).toMatchObject({ kind: 'os', voice: { name: 'gb' } });
  });

  it('reads language tags as engines write them', () => {
    expect(voiceFit('zh_CN', 'zh-Hans')).toBe(0);
    expect(voiceFit('cmn-Hans-CN', 'zh-Hans')).toBe(1);
    expect(voiceFit('zh', 'zh-Hans')).toBe(1);
    expect(voiceFit('zh-Hant', 'zh-Hant')).toBe(1);
    expect(voiceFit('zh', 'zh-Hant')).toBeNull();
    expect(voiceFit('EN-us', 'en')).toBe(0);
    expect(voiceFit('de-DE', 'en')).toBeNull();
  });
});
