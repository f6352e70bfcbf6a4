import { describe, expect, it } from 'vitest';
import { brokerAddress } from '../../../main/services/fleet/link.ts';

describe('the broker address', () => {
  it('hands the user and password to the client apart from the address, decoded, colons and all', () => {
    expect(brokerAddress('mqtts://kiosk-7:p%3Ass%40w0rd:x@mqtt.example.cn:8883')).toEqual({
      ok: true,
      url: 'mqtts://mqtt.example.cn:8883',
      credentials: { username: 'kiosk-7', password: 'p:ss@w0rd:x' },
    });
    expect(brokerAddress('mqtt://mqtt.example.cn:1883')).toEqual({ ok: true, url: 'mqtt://mqtt.example.cn:1883', credentials: {} });
  });

  it('refuses a password over plain mqtt:// to another machine, in words, without repeating it', () => {
    const refused = brokerAddress('mqtt://kiosk:secret@mqtt.example.cn:1883');
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.problem.zh).toBe('与值班中心的连线没有启用：密码不能在网络上明文传送，设置里的地址要用 mqtts://。请联系维护人员。');
    expect(JSON.stringify(refused)).not.toContain('secret');
  });

  it('allows it to a broker on this machine', () => {
    expect(brokerAddress('mqtt://kiosk:secret@127.0.0.1:1883')).toMatchObject({ ok: true, credentials: { password: 'secret' } });
    expect(brokerAddress('mqtt://kiosk:secret@[::1]:1883')).toMatchObject({ ok: true });
  });

  it('says an address that cannot be read is wrong, without repeating it', () => {
    const wrong = brokerAddress('mqtt://kiosk:secret@host:port');
    expect(wrong).toMatchObject({ ok: false, problem: { en: "The duty centre's address is not valid: call maintenance." } });
    expect(JSON.stringify(wrong)).not.toContain('secret');
  });
});
