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
export function firstStartMessage(input: {
  token: string;
  api: string;
  addin: string | undefined;
  lang: Lang;
}): string {
  const excel = input.addin
    ? format(EXCEL[input.lang].https, { addin: input.addin })
    : EXCEL[input.lang].none;
  const lines = FIRST_START[input.lang].map((line) =>
    format(line, { token: input.token, api: input.api, excel }),
  );
  const rule = '─'.repeat(78);
  return ['', rule, ...lines.map((line) => (line ? `  ${line}` : '')), rule, ''].join('\n');
}

const DEMO: Record<
  Lang,
  { title: string; built: string; kept: string; people: string; try: string; reset: string }
> = {
  en: {
    title:
      'Demo shop: a tea shop in Hangzhou: a warehouse, three stores, 50 items, 90 days of sales, transfers and purchase orders waiting for approval, alerts, a Taobao shop.',
    built: 'Built {database} in {seconds} s: {movements} movements, verify ok.',
    kept: 'Using {database} (built earlier).',
    people:
      'Sign in, in the Excel add-in or with the API, as one of the staff (these tokens are public: demo only):',
    try: 'Try:  curl -s "{api}/approvals?mine=true" -H "Authorization: Bearer demo-wangfang"',
    reset: 'Build it again from scratch: npm run demo -- --reset',
  },
  'zh-CN': {
    title:
      '演示店铺：杭州一家茶叶店：一个仓库、三家门店、50 个商品、90 天销售、待审批的调拨单和采购单、库存提醒、一家淘宝店。',
    built: '已生成 {database}，用时 {seconds} 秒：{movements} 笔库存流水，校验通过。',
    kept: '使用 {database}（之前已生成）。',
    people: '在 Excel 加载项或 API 中以下列员工身份登录（这些令牌是公开的，仅用于演示）：',
    try: '试试：curl -s "{api}/approvals?mine=true" -H "Authorization: Bearer demo-wangfang"',
    reset: '从头重新生成：npm run demo -- --reset',
  },
};

/**
 * What `npm run demo` prints once it listens: what the shop is, whom to sign in as, a
 * first request.
 */
export function demoMessage(input: {
  database: string;
  api: string;
  built: { seconds: string; movements: number } | undefined;
  people: ReadonlyArray<{ name: string; role: string; token: string; title: string }>;
  lang: Lang;
}): string {
  const t = DEMO[input.lang];
  const lines = [
    t.title,
    input.built
      ? format(t.built, { database: input.database, ...input.built })
      : format(t.kept, { database: input.database }),
    '',
    t.people,
    ...input.people.map(
      (p) => `    ${p.token.padEnd(16)} ${p.role.padEnd(8)} ${p.name}, ${p.title}`,
    ),
    '',
    format(t.try, { api: input.api }),
    t.reset,
  ];
  const rule = '─'.repeat(78);
  return ['', rule, ...lines.map((line) => (line ? `  ${line}` : '')), rule, ''].join('\n');
}
