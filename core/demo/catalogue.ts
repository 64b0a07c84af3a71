/**
 * The demo shop's master data: a tea shop in Hangzhou with a warehouse, three stores,
 * four suppliers and 50 items. Plain data, so that a new field (a selling price per
 * location, a category) is one more column here and one more line in the generator.
 */

export interface DemoLocation {
  code: string;
  name: string;
  kind: 'warehouse' | 'store';
  /** How much a store sells compared with the others (1 = average). */
  traffic: number;
}

export const DEMO_LOCATIONS: readonly DemoLocation[] = [
  { code: 'W1', name: '杭州中心仓', kind: 'warehouse', traffic: 0 },
  { code: 'S1', name: '西湖店', kind: 'store', traffic: 1.4 },
  { code: 'S2', name: '滨江店', kind: 'store', traffic: 1 },
  { code: 'S3', name: '武林店', kind: 'store', traffic: 0.7 },
];

export interface DemoSupplier {
  name: string;
  contact: string;
  leadTimeDays: number;
  packSize: number;
}

export const DEMO_SUPPLIERS: readonly DemoSupplier[] = [
  { name: '西湖龙井茶业合作社', contact: '陈经理 0571-8796 1234', leadTimeDays: 4, packSize: 10 },
  { name: '安溪铁观音茶厂', contact: '林先生 0595-2345 6789', leadTimeDays: 7, packSize: 12 },
  { name: '云南勐海茶业', contact: '岩叔 0691-512 3456', leadTimeDays: 10, packSize: 6 },
  { name: '景德镇瓷器工坊', contact: '余女士 0798-822 0001', leadTimeDays: 14, packSize: 4 },
];

export interface DemoItem {
  sku: string;
  name: string;
  unit: string;
  /** Purchase cost per unit, CNY. */
  cost: number;
  /** List selling price per unit, CNY (for the selling-price work; not posted yet). */
  price: number;
  /** Average units sold per day in an average store. */
  perDay: number;
  /** Lot-tracked teas: how long a lot keeps, in days; undefined for teaware. */
  shelfLifeDays?: number;
  /** Units in the supplier's case (its second barcode). */
  caseSize: number;
  /** Index into DEMO_SUPPLIERS. */
  supplier: number;
}

const tea = (
  sku: string,
  name: string,
  unit: string,
  cost: number,
  price: number,
  perDay: number,
  shelfLifeDays: number,
  caseSize: number,
  supplier: number,
): DemoItem => ({ sku, name, unit, cost, price, perDay, shelfLifeDays, caseSize, supplier });
const ware = (
  sku: string,
  name: string,
  unit: string,
  cost: number,
  price: number,
  perDay: number,
  caseSize: number,
): DemoItem => ({ sku, name, unit, cost, price, perDay, caseSize, supplier: 3 });

export const DEMO_ITEMS: readonly DemoItem[] = [
  // 绿茶: short shelf life, the best sellers (and the ones that expire).
  tea('LJ-250', '西湖龙井 250g', '罐', 168, 298, 2.2, 240, 10, 0),
  tea('LJ-100', '西湖龙井 100g', '盒', 72, 128, 3.1, 240, 20, 0),
  tea('LJ-GIFT', '西湖龙井礼盒 500g', '盒', 420, 788, 0.5, 240, 6, 0),
  tea('BLC-100', '洞庭碧螺春 100g', '盒', 58, 108, 1.6, 200, 20, 0),
  tea('HSMF-150', '黄山毛峰 150g', '罐', 45, 88, 1.2, 240, 12, 0),
  tea('XYMJ-150', '信阳毛尖 150g', '罐', 40, 78, 0.9, 240, 12, 0),
  tea('LAGP-100', '六安瓜片 100g', '盒', 62, 118, 0.6, 240, 12, 0),
  tea('TPHK-100', '太平猴魁 100g', '盒', 96, 188, 0.4, 240, 10, 0),
  tea('AJBC-100', '安吉白茶 100g', '盒', 66, 128, 1.3, 240, 12, 0),
  tea('JSQ-250', '径山茶 250g', '罐', 88, 168, 0.5, 240, 10, 0),
  // 乌龙茶
  tea('TGY-250', '安溪铁观音 250g', '罐', 78, 158, 1.8, 540, 12, 1),
  tea('TGY-GIFT', '铁观音礼盒 500g', '盒', 210, 398, 0.4, 540, 6, 1),
  tea('DHP-125', '武夷大红袍 125g', '盒', 92, 188, 1.1, 720, 12, 1),
  tea('DDWL-150', '冻顶乌龙 150g', '罐', 70, 138, 0.7, 540, 12, 1),
  tea('FHDC-100', '凤凰单丛 100g', '盒', 64, 128, 0.6, 540, 12, 1),
  tea('DFMR-100', '东方美人 100g', '盒', 110, 218, 0.3, 540, 10, 1),
  tea('GHWL-100', '桂花乌龙 100g', '袋', 28, 58, 1.5, 365, 24, 1),
  // 红茶
  tea('QMHC-150', '祁门红茶 150g', '罐', 55, 108, 1.2, 720, 12, 1),
  tea('ZSXZ-150', '正山小种 150g', '罐', 50, 98, 1.4, 720, 12, 1),
  tea('DH-200', '滇红金芽 200g', '袋', 46, 88, 0.9, 720, 12, 2),
  tea('JJM-100', '金骏眉 100g', '盒', 130, 258, 0.5, 720, 10, 1),
  tea('YHHC-100', '英红九号 100g', '盒', 38, 78, 0.6, 720, 12, 1),
  // 普洱
  tea('PE-SHENG-357', '勐海生普茶饼 357g', '饼', 120, 238, 0.6, 3650, 7, 2),
  tea('PE-SHU-357', '勐海熟普茶饼 357g', '饼', 98, 198, 0.8, 3650, 7, 2),
  tea('PE-TUO-100', '普洱小沱茶 100g', '盒', 30, 58, 1.6, 3650, 24, 2),
  tea('PE-XG-10', '小青柑普洱 10粒', '罐', 42, 88, 1.9, 730, 24, 2),
  // 白茶
  tea('BHYZ-100', '福鼎白毫银针 100g', '盒', 150, 298, 0.3, 1825, 10, 1),
  tea('BMD-200', '白牡丹茶饼 200g', '饼', 80, 158, 0.5, 1825, 10, 1),
  tea('SM-300', '老寿眉茶饼 300g', '饼', 60, 118, 0.7, 1825, 10, 1),
  // 花草茶
  tea('MLH-100', '茉莉花茶 100g', '袋', 18, 38, 2.4, 365, 30, 0),
  tea('JH-50', '杭白菊 50g', '罐', 15, 32, 1.7, 365, 30, 0),
  tea('MG-50', '平阴玫瑰花 50g', '罐', 16, 35, 1.1, 365, 30, 0),
  tea('MDC-20', '大麦茶 20包', '袋', 9, 22, 2.8, 365, 40, 2),
  tea('NMH-100', '柠檬红茶冷泡包 10包', '盒', 12, 29, 2.0, 365, 40, 2),
  // 茶具
  ware('GW-WHITE', '白瓷盖碗 150ml', '个', 22, 58, 1.1, 24),
  ware('GW-QH', '青花盖碗 150ml', '个', 38, 98, 0.6, 24),
  ware('ZSH-200', '宜兴紫砂壶 200ml', '把', 180, 468, 0.2, 6),
  ware('GDB-250', '玻璃公道杯 250ml', '个', 15, 39, 0.9, 36),
  ware('PMB-6', '品茗杯 6只装', '套', 28, 78, 0.8, 12),
  ware('CP-BAMBOO', '竹制茶盘', '个', 65, 168, 0.3, 6),
  ware('CD-PE', '普洱茶刀', '把', 8, 25, 0.7, 50),
  ware('CL-304', '不锈钢茶漏', '个', 6, 18, 1.0, 50),
  ware('BLB-400', '双层玻璃杯 400ml', '个', 19, 49, 1.3, 24),
  ware('LXCJ-4', '便携旅行茶具 一壶四杯', '套', 55, 139, 0.4, 10),
  ware('CG-TIN', '马口铁茶叶罐', '个', 7, 19, 1.2, 60),
  ware('CJ-GIFT', '茶具礼盒 一壶六杯', '套', 140, 368, 0.2, 4),
  ware('SHH-1L', '电陶炉烧水壶套装', '套', 160, 399, 0.15, 4),
  ware('CZ-COTTON', '棉麻茶巾', '条', 5, 15, 0.9, 100),
  ware('CX-MUG', '办公室泡茶杯 茶水分离', '个', 26, 69, 0.9, 24),
  ware('LT-BOX', '便携茶叶收纳盒', '个', 12, 32, 0.5, 40),
];

/** A valid EAN-13 for item `n` under the demo's (fictional) Chinese company prefix 690123. */
export function eanFor(n: number, packDigit = 0): string {
  const body = `690123${packDigit}${String(n).padStart(5, '0')}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return body + String((10 - (sum % 10)) % 10);
}

export interface DemoPerson {
  name: string;
  role: 'admin' | 'manager' | 'clerk' | 'viewer';
  locations: string[];
  /** Fixed, so that an add-in signed in to the demo stays signed in when it is rebuilt. Public: demo only. */
  token: string;
  /** What they do, for the printed list. */
  title: string;
}

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  { name: 'admin', role: 'admin', locations: [], token: 'demo-admin', title: '老板 owner' },
  {
    name: '张伟',
    role: 'manager',
    locations: ['W1'],
    token: 'demo-zhangwei',
    title: '仓库主管 warehouse manager',
  },
  {
    name: '王芳',
    role: 'manager',
    locations: ['S1', 'S2', 'S3'],
    token: 'demo-wangfang',
    title: '门店经理 store manager',
  },
  {
    name: '赵磊',
    role: 'clerk',
    locations: ['W1'],
    token: 'demo-zhaolei',
    title: '仓管员 warehouse clerk',
  },
  {
    name: '李娜',
    role: 'clerk',
    locations: ['S1'],
    token: 'demo-lina',
    title: '西湖店店员 clerk, 西湖店',
  },
  {
    name: '刘洋',
    role: 'clerk',
    locations: ['S2'],
    token: 'demo-liuyang',
    title: '滨江店店员 clerk, 滨江店',
  },
  {
    name: '陈静',
    role: 'clerk',
    locations: ['S3'],
    token: 'demo-chenjing',
    title: '武林店店员 clerk, 武林店',
  },
  {
    name: '孙丽',
    role: 'viewer',
    locations: [],
    token: 'demo-sunli',
    title: '会计 accountant (read only)',
  },
];

/** The clerk who sells and receives at each store. */
export const CLERK_AT: Readonly<Record<string, string>> = {
  W1: '赵磊',
  S1: '李娜',
  S2: '刘洋',
  S3: '陈静',
};
