const MAX_URL = 2048;

/**
 * A webhook's URL as stored, or why it cannot be one: http or https only, no user or
 * password in it (they would be sent to the receiver and shown by `GET /v1/webhooks`), no
 * control characters or spaces (the URL parser drops tabs and newlines silently: what
 * is checked would not be what is called).
 */
export function webhookUrl(raw: string): { url: string } | { error: string } {
  if (raw.length > MAX_URL) return { error: `url is over ${MAX_URL} characters` };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u0020\u007f-\u009f]/.test(raw)) return { error: 'url must not contain spaces or control characters; percent-encode them' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { error: `url "${raw}" is not an absolute URL, e.g. https://hooks.example.com/firstwin` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: `url must be http:// or https://, not ${url.protocol}//` };
  if (url.username || url.password)
    return { error: 'url must not carry a user name or password; put a secret in its path or check the signature instead' };
  return { url: url.href };
}
