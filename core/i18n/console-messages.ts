import { format, negotiateLanguage, type Lang } from './language.js';

/**
 * What the service prints for the person at its terminal (not the JSON logs), in the
 * machine's language: `LC_ALL`, `LC_MESSAGES` or `LANG` (`zh_CN.UTF-8` → Chinese).
 */
export function terminalLanguage(env: NodeJS.ProcessEnv = process.env): Lang {
  const locale = env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'] || '';
  return negotiateLanguage(locale.split('.')[0]!.replace('_', '-'));
}

const FIRST_START: Record<Lang, string[]> = {
  en: [
    'First start: created user "admin" (role admin). Its token, shown this once:',
    '',
    '    export TOKEN={token}',
    '',
    'Next: paste that line into a shell, then',
    '    curl -s {api}/me -H "Authorization: Bearer $TOKEN"',
    '{excel}',
    'Lost it? npm run admin -- create-token admin   (a new token for admin)',
  ],
  'zh-CN': [
    '首次启动：已创建用户 "admin"（管理员）。它的令牌只显示这一次：',
    '',
    '    export TOKEN={token}',
    '',
    '下一步：把上面这行粘贴到终端，然后运行',
    '    curl -s {api}/me -H "Authorization: Bearer $TOKEN"',
    '{excel}',
    '令牌丢了？运行 npm run admin -- create-token admin 为 admin 新建一个',
  ],
};

const EXCEL: Record<Lang, { https: string; none: string }> = {
  en: {
    https: 'or sign in from the Excel add-in (docs/excel.md) with {addin} and this token.',
    none: 'For the Excel add-in, which needs HTTPS: npm run addin:certs, restart, see docs/excel.md.',
  },
  'zh-CN': {
    https: '或在 Excel 加载项中登录（见 docs/excel.md）：地址 {addin}，令牌如上。',
    none: 'Excel 加载项需要 HTTPS：运行 npm run addin:certs 后重启，见 docs/excel.md。',
  },
};

/**
 * The box printed once, on the start that created the first admin with a random token.
 *
 * @example
 * firstStartMessage({ token: 'inv_…', api: 'http://127.0.0.1:3000/api/v1', addin: undefined, lang: 'en' })
 */
export function firstStartMessage(input: { token: string; api: string; addin: string | undefined; lang: Lang }): string {
  const excel = input.addin ? format(EXCEL[input.lang].https, { addin: input.addin }) : EXCEL[input.lang].none;
  const lines = FIRST_START[input.lang].map((line) => format(line, { token: input.token, api: input.api, excel }));
  const rule = '─'.repeat(78);
  return ['', rule, ...lines.map((line) => (line ? `  ${line}` : '')), rule, ''].join('\n');
}
