import type { Lang } from '../../i18n/language.js';
import { pageText } from '../../i18n/page-texts.js';

/** Text for HTML: every character that could open markup or an attribute, escaped. */
export function esc(text: string | number): string {
  return String(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * Headers of every served page: nothing from elsewhere (no script at all, styles only
 * inline), no framing, the token in the address never sent on as a referrer, no cache.
 */
export const PAGE_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 "Segoe UI","Microsoft YaHei","PingFang SC","Noto Sans SC",system-ui,sans-serif;color:#1f2328;background:#f6f8fa}
main{max-width:760px;margin:0 auto;padding:16px}
header{display:flex;justify-content:space-between;align-items:baseline;gap:12px}
h1{font-size:20px;margin:8px 0 12px}
h2{font-size:16px;margin:20px 0 8px}
.lang{font-size:14px;white-space:nowrap}
section{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:12px 16px;margin-bottom:12px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}
dt{color:#57606a}dd{margin:0;font-weight:600}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{padding:6px 8px;border-bottom:1px solid #eaeef2;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
td.n{white-space:nowrap}
th.n{min-width:4em}
td.item{min-width:9em}
.scroll{overflow-x:auto}
section>h2:first-child{margin-top:0}
.neg{color:#cf222e}.pos{color:#1a7f37}
.note{padding:10px 12px;border-radius:6px;margin:0 0 12px}
.ok{background:#dafbe1;border:1px solid #4ac26b}
.bad{background:#ffebe9;border:1px solid #ff8182}
.info{background:#ddf4ff;border:1px solid #54aeff}
label{display:block;font-weight:600;margin:10px 0 4px}
textarea,input[type=password]{width:100%;font:inherit;padding:8px;border:1px solid #8c959f;border-radius:6px}
textarea{min-height:64px}
.help{color:#57606a;font-size:13px;margin:4px 0 0}
.actions{display:flex;gap:12px;margin-top:14px}
button{font:inherit;font-weight:600;padding:10px 22px;border-radius:6px;border:1px solid;cursor:pointer}
button.approve{background:#1f883d;border-color:#1a7f37;color:#fff}
button.reject{background:#fff;border-color:#cf222e;color:#cf222e}
`;

/** A whole page: title, the language switch (same address, the other language), content. */
export function layout(options: {
  lang: Lang;
  title: string;
  switchHref: string;
  body: string;
}): string {
  const { lang, title, switchHref, body } = options;
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body><main>
<header><h1>${esc(title)}</h1><a class="lang" href="${esc(switchHref)}" hreflang="${lang === 'en' ? 'zh-CN' : 'en'}">${esc(pageText('otherLanguage', lang))}</a></header>
${body}
</main></body>
</html>`;
}

/** A notice above the content: `ok` (done), `bad` (refused), `info`. */
export function notice(kind: 'ok' | 'bad' | 'info', text: string, extra = ''): string {
  return `<p class="note ${kind}" role="${kind === 'bad' ? 'alert' : 'status'}">${esc(text)}${extra}</p>`;
}
