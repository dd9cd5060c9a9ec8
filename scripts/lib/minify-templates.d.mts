import type { Plugin } from 'vite';

export function minifyCss(text: string): string;
export function minifyHtml(text: string): string;
export function minifyTemplates(
  code: string,
  fileName?: string,
): { code: string; map: unknown } | null;
export function minifyTemplatesPlugin(): Plugin;
