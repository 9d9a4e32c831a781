import { describe, expect, it } from 'vitest';
import { isPrivateHost, isPrivateWebhookUrl } from './webhook-address.ts';

const hostOf = (url: string) => new URL(url).hostname;

describe('webhook addresses', () => {
  it.each([
    'http://169.254.169.254/latest/meta-data',
    'http://127.0.0.1:8080/hook',
    'http://[::1]/hook',
    'http://10.1.2.3/hook',
    'http://172.16.0.1/hook',
    'http://172.31.255.255/hook',
    'http://192.168.1.1/hook',
    'http://[fc00::1]/hook',
    'http://[fd12:3456::1]/hook',
    'http://[fe80::1]/hook',
    'http://0.0.0.0/hook',
    'http://localhost:3000/hook',
    'http://api.localhost/hook',
    'http://2130706433/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[::ffff:a9fe:a9fe]/hook',
    'http://[64:ff9b::a9fe:a9fe]/hook',
    'http://[2002:a9fe:a9fe::1]/hook',
    'http://[::7f00:1]/hook',
  ])('refuses %s', (url) => {
    expect(isPrivateHost(hostOf(url))).toBe(true);
  });

  it.each([
    'https://open.feishu.cn/open-apis/bot/v2/hook/x',
    'https://8.8.8.8/hook',
    'http://172.32.0.1/hook',
    'http://[2001:db8::1]/hook',
  ])('allows %s', (url) => {
    expect(isPrivateHost(hostOf(url))).toBe(false);
  });

  it('refuses a name that resolves to a private address', async () => {
    expect(await isPrivateWebhookUrl('http://localhost./hook')).toBe(true);
    expect(await isPrivateWebhookUrl('https://8.8.8.8/hook')).toBe(false);
  });
});
