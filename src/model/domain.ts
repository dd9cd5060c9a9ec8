/**
 * Company domains: the host name only, lower-cased and without `www.`, so `https://www.Acme.com/about`
 * and `acme.com` are the same company domain. Internationalised names become their ASCII form.
 */
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export function normalizeDomain(raw: string): string | undefined {
  let text = raw.trim();
  if (!text) return undefined;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `http://${text}`;
  let host: string;
  try {
    const url = new URL(text);
    if (url.username || url.password || url.port) return undefined;
    host = url.hostname.toLowerCase();
  } catch {
    return undefined;
  }
  host = host.replace(/^www\./, '').replace(/\.$/, '');
  const labels = host.split('.');
  if (labels.length < 2 || !labels.every(label => LABEL.test(label))) return undefined;
  if (/^\d+$/.test(labels[labels.length - 1]!)) return undefined;
  return host;
}
