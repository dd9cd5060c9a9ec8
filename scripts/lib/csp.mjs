// The strict Content-Security-Policy a security-conscious host would send, for the checks that
// run the built demo and the built Storybook under it (served by scripts/static-server.mjs), the
// page rewrites those pages need, and a page script that records every securitypolicyviolation.

/**
 * No inline script or style, no eval, no foreign origins for code, and Trusted Types enforced
 * with only Lit's own policy allowed.
 */
export const STRICT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "require-trusted-types-for 'script'",
  'trusted-types lit-html',
].join('; ');

/**
 * Moves a page's inline <script> and <style> blocks into files of their own, served from the same
 * origin, so a page whose framework inlines its bootstrap (Storybook's iframe.html) runs under
 * `script-src 'self'; style-src 'self'` unchanged in behaviour: classic external scripts without
 * async or defer run in document order, as the inline ones did. Returns the rewritten HTML and the
 * files to serve (path -> source).
 */
export function externalizeInline(source, prefix) {
  const files = {};
  let count = 0;
  const rewritten = source
    .replace(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi, (whole, attributes = '', body) => {
      if (/\ssrc\s*=/.test(attributes) || !body.trim()) return whole;
      const path = `${prefix}/inline-${++count}.js`;
      files[path] = body;
      return `<script${attributes} src="${path}"></script>`;
    })
    .replace(/<style(\s[^>]*)?>([\s\S]*?)<\/style>/gi, (_whole, _attributes, body) => {
      const path = `${prefix}/inline-${++count}.css`;
      files[path] = body;
      return `<link rel="stylesheet" href="${path}">`;
    });
  return { html: rewritten, files };
}

/**
 * A `default` Trusted Types policy for code the test host does not control, installed before
 * anything else runs. msw registers its service worker from a plain string, and Storybook's
 * runtime writes a few constant pieces of markup with innerHTML; neither can pass a trusted
 * value. The policy lets through exactly those (the worker's URL, the listed constant strings,
 * markup that starts with a listed prefix naming the tool's own element, optionally with one
 * literal replacement) and refuses everything else, so every other sink, in the elements above
 * all, stays blocked. `htmlPrefixes` entries are `{ prefix, replace?: [from, to] }`.
 */
export function defaultPolicySource({ html = [], htmlPrefixes = [] } = {}) {
  return `if (window.trustedTypes && !window.trustedTypes.defaultPolicy) {
  const html = new Set(${JSON.stringify(html)});
  const prefixes = ${JSON.stringify(htmlPrefixes)};
  window.trustedTypes.createPolicy('default', {
    createScriptURL(url) {
      const parsed = new URL(url, location.href);
      if (parsed.origin === location.origin && parsed.pathname.endsWith('/mockServiceWorker.js')) {
        return url;
      }
      throw new TypeError('Trusted Types: script URL refused: ' + url);
    },
    createHTML(value) {
      if (html.has(value)) return value;
      const known = prefixes.find(entry => value.startsWith(entry.prefix));
      if (known) return known.replace ? value.replace(known.replace[0], known.replace[1]) : value;
      throw new TypeError('Trusted Types: HTML refused: ' + String(value).slice(0, 80));
    },
  });
}
`;
}

/** For pages that run the msw mock API: only its worker URL. */
export const MSW_TRUSTED_TYPES_POLICY = defaultPolicySource();

/** STRICT_CSP plus the `default` policy name, for pages that run the msw mock API. */
export const STRICT_CSP_WITH_MOCK_API = STRICT_CSP.replace(
  'trusted-types lit-html',
  'trusted-types lit-html default',
);

/** Adds a classic script as the first element of <head>, before any of the page's own. */
export function prependScript(source, path) {
  return source.replace(/<head(\s[^>]*)?>/i, match => `${match}\n<script src="${path}"></script>`);
}

/** Runs in the page before any of its scripts (playwright addInitScript). */
export function recordViolations() {
  const seen = [];
  Object.defineProperty(window, '__cspViolations', { value: seen });
  document.addEventListener(
    'securitypolicyviolation',
    event => {
      seen.push({
        directive: event.effectiveDirective || event.violatedDirective,
        blocked: event.blockedURI,
        source: `${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`,
        sample: event.sample,
      });
    },
    true,
  );
}
