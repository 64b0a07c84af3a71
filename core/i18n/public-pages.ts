import type { Lang } from './language.js';

/**
 * The pages the Teams app package links to (its privacy statement and terms of use),
 * in both languages on one page: Teams opens them for anyone, before they have signed in.
 */
export const PUBLIC_PAGES: Record<
  'privacy' | 'terms',
  Record<Lang, { title: string; paragraphs: string[] }>
> = {
  privacy: {
    en: {
      title: 'Privacy',
      paragraphs: [
        'This inventory ledger is run by the shop that uses it, on its own server; nothing it stores is sent to its authors.',
        'It stores what staff enter (items, stock movements, documents, approvals), who did each change and when, and, for people who link their Teams account, the Teams tenant id, the Azure AD object id and the chat in which the bot may write to them.',
        'Messages leave the server only to the chats, webhooks and Teams conversations the shop itself configured. Request logs stay on the server.',
        "To stop a Teams link or an account, ask the shop's administrator, who can deactivate the account: its tokens and its Teams link stop at once.",
      ],
    },
    'zh-CN': {
      title: '隐私说明',
      paragraphs: [
        '本库存台账由使用它的店铺在自己的服务器上运行，所存数据不会发送给软件作者。',
        '系统保存员工录入的内容（商品、库存流水、单据、审批）、每次变更的操作人和时间；对于绑定了 Teams 账号的员工，还保存 Teams 租户 ID、Azure AD 对象 ID，以及机器人可向其发送消息的会话。',
        '消息只会发送到店铺自行配置的群聊、Webhook 和 Teams 会话。请求日志保留在服务器上。',
        '如需停止 Teams 绑定或账号，请联系店铺管理员：管理员停用账号后，其令牌和 Teams 绑定立即失效。',
      ],
    },
  },
  terms: {
    en: {
      title: 'Terms of use',
      paragraphs: [
        "This bot and the Excel add-in are the shop's own tools for its staff: use them with the account the shop gave you, for the shop's work.",
        'What you post (receipts, sales, counts, transfers, approvals) is recorded with your name and cannot be deleted, only reversed by a new entry.',
        'The software is provided as is, without warranty; the shop that runs it is responsible for its server, its backups and who has an account.',
      ],
    },
    'zh-CN': {
      title: '使用条款',
      paragraphs: [
        '本机器人和 Excel 加载项是店铺为员工提供的内部工具：请使用店铺分配给您的账号，用于店铺的工作。',
        '您提交的内容（收货、销售、盘点、调拨、审批）会以您的名义记录，不能删除，只能通过新的记录冲销。',
        '软件按现状提供，不附带任何担保；运行它的店铺负责其服务器、备份以及账号的分配。',
      ],
    },
  },
};
