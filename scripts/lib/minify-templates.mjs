// A build plugin that minifies the static text of Lit's `html`, `svg` and `css` templates in the
// library's own sources. esbuild and Oxc minify code but leave template text as written, so the
// stylesheets' comments and indentation, and the templates' indentation, would ship to every
// host. Only the text between bindings changes; bindings and escapes are untouched.
//
// Stylesheet text kept out of `css` for lit-analyzer's sake, as the one template literal given to
// `unsafeCSS(...)`, is minified as CSS too.
//
// CSS: comments go, white space collapses to one space, and the spaces around `{ } ; ,` and
// after `:` go (no selector or value needs them; a `;` before `}` goes too). Quoted strings stay. HTML and SVG: a run of white space
// that holds a line break becomes one space, which renders the same in normal flow (the elements
// use no preformatted text) and keeps every attribute value's words apart.
import MagicString from 'magic-string';
import ts from 'typescript';

const TAGS = new Set(['html', 'svg', 'css']);

/** Quoted strings keep their text: the odd pieces of this split. */
const QUOTED = /('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/;

export function minifyCss(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split(QUOTED)
    .map((piece, index) =>
      index % 2
        ? piece
        : piece
            .replace(/\s+/g, ' ')
            .replace(/ ?([{};,]) ?/g, '$1')
            .replace(/: /g, ':')
            .replace(/;}/g, '}'),
    )
    .join('');
}

export function minifyHtml(text) {
  return text.replace(/[ \t]*\n\s*/g, ' ');
}

/** The text ranges of each static piece of a template: inside its backticks, `}` and `${`. */
function pieces(template) {
  if (ts.isNoSubstitutionTemplateLiteral(template)) {
    return [[template.getStart() + 1, template.end - 1]];
  }
  const parts = [[template.head.getStart() + 1, template.head.end - 2]];
  for (const span of template.templateSpans) {
    const literal = span.literal;
    const closing = ts.isTemplateTail(literal) ? 1 : 2;
    parts.push([literal.getStart() + 1, literal.end - closing]);
  }
  return parts;
}

/**
 * Minifies every `html`, `svg` and `css` template of one module: the new code and its source map,
 * or null when nothing changed.
 */
export function minifyTemplates(code, fileName = 'module.ts') {
  if (!/\b(html|svg|css)`|\bunsafeCSS\(`/.test(code)) return null;
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true);
  const out = new MagicString(code);
  const visit = node => {
    if (
      ts.isTaggedTemplateExpression(node) &&
      ts.isIdentifier(node.tag) &&
      TAGS.has(node.tag.text)
    ) {
      const minify = node.tag.text === 'css' ? minifyCss : minifyHtml;
      for (const [start, end] of pieces(node.template)) {
        const text = code.slice(start, end);
        const minified = minify(text);
        if (minified !== text) out.overwrite(start, end, minified);
      }
    } else if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'unsafeCSS' &&
      node.arguments.length === 1 &&
      ts.isNoSubstitutionTemplateLiteral(node.arguments[0])
    ) {
      const [[start, end]] = pieces(node.arguments[0]);
      const text = code.slice(start, end);
      const minified = minifyCss(text);
      if (minified !== text) out.overwrite(start, end, minified);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (!out.hasChanged()) return null;
  return { code: out.toString(), map: out.generateMap({ source: fileName, hires: true }) };
}

/** The Vite plugin: the library's own TypeScript sources only, before the TypeScript transform. */
export function minifyTemplatesPlugin() {
  return {
    name: 'contacts-minify-templates',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || id.includes('/node_modules/')) return null;
      return minifyTemplates(code, id);
    },
  };
}
