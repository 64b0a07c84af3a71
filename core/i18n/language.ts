/** The languages every user-facing text exists in. */
export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Lang = (typeof LANGUAGES)[number];

/**
 * Picks the caller's language from an `Accept-Language` header (or a Teams/Office
 * locale such as `zh-cn`): any Chinese tag with the highest weight wins zh-CN,
 * anything else is English.
 *
 * @example
 * negotiateLanguage('zh-CN,zh;q=0.9,en;q=0.8') // → 'zh-CN'
 */
export function negotiateLanguage(header: string | null | undefined): Lang {
  if (!header) return 'en';
  let best: { lang: Lang; q: number } | undefined;
  for (const part of header.split(',')) {
    const [tag = '', ...rest] = part.trim().split(';');
    const qParam = rest.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!tag || !Number.isFinite(q) || q <= 0) continue;
    const lang: Lang | undefined = /^zh\b/i.test(tag)
      ? 'zh-CN'
      : /^(en\b|\*)/i.test(tag)
        ? 'en'
        : undefined;
    if (lang && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? 'en';
}

/** Fills `{name}` placeholders. */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in params ? String(params[key]) : whole,
  );
}
