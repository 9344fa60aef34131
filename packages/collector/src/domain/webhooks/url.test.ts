import { describe, expect, it } from 'vitest';
import { webhookUrl } from './url.js';

describe('webhookUrl', () => {
  it('takes http and https URLs', () => {
    expect(webhookUrl('https://hooks.slack.com/services/T0/B0/x')).toEqual({ url: 'https://hooks.slack.com/services/T0/B0/x' });
    expect(webhookUrl('http://127.0.0.1:8080/in?x=1')).toEqual({ url: 'http://127.0.0.1:8080/in?x=1' });
  });

  it.each([
    ['ftp://example.com/', /http/],
    ['file:///etc/passwd', /http/],
    ['javascript:alert(1)', /http/],
    ['https://user:pass@example.com/', /password/],
    ['https://token@example.com/', /password/],
    ['https://exa\nmple.com/', /control/],
    ['https://example.com/\u0000', /control/],
    ['https://example.com/a b', /control/],
    ['https://example.com/\u0085', /control/],
    ['/relative', /absolute/],
    [`https://example.com/${'a'.repeat(2100)}`, /2048/],
  ])('refuses %j', (raw, why) => {
    const r = webhookUrl(raw);
    expect('error' in r && r.error).toMatch(why);
  });
});
