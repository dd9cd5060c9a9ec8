/**
 * Localisation for one element: the language of the nearest `lang` attribute (crossing shadow
 * roots), else `<html lang>`, else English; switching `lang` at runtime re-renders. Dates and
 * numbers go through `Intl` in that language. Deliberately not `@lit/localize`, which is
 * configured once per page and belongs to the host.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

import type { Translation } from '../i18n/translation.js';

/**
 * English, gathered section by section: each element's controller brings the sections that
 * element reads (`new LocalizeController(this, { common, panel })`), so a page showing only the
 * list downloads neither the details' nor the forms' strings.
 */
const english = {} as Translation;
const translations = new Map<string, Translation>([['en', english]]);
const hosts = new Set<LocalizeController>();
let observer: MutationObserver | undefined;

/**
 * The locales shipped with the library, by base language. Each is its own module, fetched the
 * first time an element resolves to that language, so a page in English never downloads them.
 * Brazilian Portuguese also serves other Portuguese tags until a host registers its own.
 */
const shipped: Record<string, () => Promise<Translation>> = {
  pt: () => import('../i18n/pt-BR.js').then(module => module.ptBR),
  es: () => import('../i18n/es.js').then(module => module.es),
};
const loads = new Map<string, Promise<void>>();

/**
 * Makes a locale available to every element, e.g. `registerTranslation('fr', fr)`. A tag with a
 * region (`fr-CA`) serves that region; a bare language (`fr`) serves every region without its own.
 * Registering a shipped language (`pt`, `es`) replaces the library's strings.
 */
export function registerTranslation(lang: string, translation: Translation): void {
  translations.set(lang.toLowerCase(), translation);
  for (const controller of hosts) controller.refresh();
}

/** Number formats by language, made once each: a list formats counts on every render. */
const numberFormats = new Map<string, Intl.NumberFormat>();

/**
 * Fetches the shipped strings for `lang` (Portuguese or Spanish) ahead of time, e.g. before the
 * first render so it does not show English for a moment. Resolves at once for English, for
 * registered locales and for languages the library does not ship (those show English).
 */
export function loadTranslation(lang: string): Promise<void> {
  const lower = lang.toLowerCase();
  const base = lower.split('-')[0]!;
  if (translations.has(lower) || translations.has(base)) return Promise.resolve();
  const load = shipped[base];
  if (!load) return Promise.resolve();
  let pending = loads.get(base);
  if (!pending) {
    pending = load().then(
      translation => {
        // A host that registered its own strings meanwhile keeps them.
        if (!translations.has(base)) registerTranslation(base, translation);
      },
      () => {
        // Offline or a failed chunk: stay in English, and try again on the next change of lang.
        loads.delete(base);
      },
    );
    loads.set(base, pending);
  }
  return pending;
}

function nearestLang(element: Element): string {
  let node: Element | null = element;
  while (node) {
    const match: Element | null = node.closest('[lang]');
    if (match) return match.getAttribute('lang') ?? '';
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return '';
}

function translationFor(lang: string): Translation {
  const lower = lang.toLowerCase();
  return translations.get(lower) ?? translations.get(lower.split('-')[0]!) ?? english;
}

export class LocalizeController implements ReactiveController {
  private readonly host: ReactiveControllerHost & HTMLElement;
  private resolvedLang = 'en';
  private translation: Translation = english;

  /**
   * `sections`: the English strings the host reads, by section (`common`, `panel`, ...), from
   * `i18n/en/`. They join the built-in English for every element; a section no element brought
   * yet is missing from `t` in English.
   */
  constructor(host: ReactiveControllerHost & HTMLElement, sections: Partial<Translation> = {}) {
    Object.assign(english, sections);
    this.host = host;
    host.addController(this);
  }

  /** The language in use (a BCP 47 tag). */
  get lang(): string {
    return this.resolvedLang;
  }

  /** The strings in use. */
  get t(): Translation {
    return this.translation;
  }

  hostConnected(): void {
    hosts.add(this);
    if (!observer) {
      observer = new MutationObserver(() => {
        for (const controller of hosts) controller.refresh();
      });
      observer.observe(document.documentElement, {
        attributes: true,
        attributeFilter: ['lang'],
        subtree: true,
      });
    }
    this.refresh();
  }

  hostDisconnected(): void {
    hosts.delete(this);
    if (!hosts.size) {
      observer?.disconnect();
      observer = undefined;
    }
  }

  /** Re-reads the language; re-renders the host when it changed. */
  refresh(): void {
    const lang = nearestLang(this.host) || document.documentElement.lang || 'en';
    // Until a shipped locale arrives the host renders in English; loading re-runs this.
    void loadTranslation(lang);
    const translation = translationFor(lang);
    if (lang === this.resolvedLang && translation === this.translation) return;
    this.resolvedLang = lang;
    this.translation = translation;
    this.host.requestUpdate();
  }

  formatDate(
    iso: string | undefined,
    options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' },
  ): string {
    if (!iso) return '';
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return '';
    return new Intl.DateTimeFormat(this.intlLang(), options).format(date);
  }

  formatNumber(value: number): string {
    const lang = this.intlLang();
    let format = numberFormats.get(lang);
    if (!format) numberFormats.set(lang, (format = new Intl.NumberFormat(lang)));
    return format.format(value);
  }

  private intlLang(): string {
    try {
      return Intl.getCanonicalLocales(this.resolvedLang)[0] ?? 'en';
    } catch {
      return 'en';
    }
  }
}
