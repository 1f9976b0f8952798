// The words of the demo firm: SPEC §3's enumerations with how often each occurs, and the names
// and phrases that make a sample firm read like a real one.

export type Source = 'exhibition' | 'referral' | 'b2b-platform' | 'search' | 'other';
export type Channel = 'visit' | 'call' | 'email' | 'meeting' | 'other';
export type ComplaintCategory = 'quality' | 'service' | 'price' | 'staff' | 'other';
export type Severity = 'low' | 'medium' | 'high';
export type ChurnReason = 'dissatisfied' | 'competitor' | 'negative-value' | 'involuntary' | 'other';
export type ServiceLine = 'audit' | 'tax' | 'advisory' | 'bookkeeping' | 'payroll';
export type Weighted<T> = readonly (readonly [T, number])[];

export const SOURCES = ['exhibition', 'referral', 'b2b-platform', 'search', 'other'] as const satisfies readonly Source[];
export const CHANNELS = ['visit', 'call', 'email', 'meeting', 'other'] as const satisfies readonly Channel[];
export const COMPLAINT_CATEGORIES = ['quality', 'service', 'price', 'staff', 'other'] as const satisfies readonly ComplaintCategory[];
export const CHURN_REASONS = ['dissatisfied', 'competitor', 'negative-value', 'involuntary', 'other'] as const satisfies readonly ChurnReason[];

/** Fairs and referrals bring most prospects (DOMAIN: "The firm and its clients"). */
export const NEW_CLIENT_SOURCES: Weighted<Source> = [['exhibition', 35], ['referral', 30], ['b2b-platform', 12], ['search', 13], ['other', 10]];
/** The book of clients the firm already had when it started recording: mostly referrals. */
export const EXISTING_CLIENT_SOURCES: Weighted<Source> = [['referral', 45], ['exhibition', 20], ['other', 15], ['search', 10], ['b2b-platform', 10]];

/** Share of prospects never followed up: a fair yields many business cards nobody calls. */
export const NEVER_CONTACTED: Readonly<Record<Source, number>> = { exhibition: 0.35, referral: 0.05, 'b2b-platform': 0.1, search: 0.08, other: 0.1 };
/** Share of contacted prospects that sign an engagement letter. */
export const CONVERSION: Readonly<Record<Source, number>> = { exhibition: 0.4, referral: 0.75, 'b2b-platform': 0.42, search: 0.48, other: 0.4 };

export const FIRST_CONTACT_CHANNELS: Weighted<Channel> = [['call', 45], ['email', 25], ['meeting', 15], ['visit', 10], ['other', 5]];
export const PURSUIT_CHANNELS: Weighted<Channel> = [['meeting', 30], ['visit', 25], ['call', 30], ['email', 15]];
export const ROUTINE_CHANNELS: Weighted<Channel> = [['call', 50], ['email', 35], ['meeting', 10], ['other', 5]];
export const WIN_BACK_CHANNELS: Weighted<Channel> = [['call', 40], ['visit', 25], ['meeting', 20], ['email', 15]];

export const COMPLAINT_CATEGORY_WEIGHTS: Weighted<ComplaintCategory> = [['service', 30], ['quality', 25], ['price', 20], ['staff', 15], ['other', 10]];
export const SEVERITY_WEIGHTS: Weighted<Severity> = [['low', 45], ['medium', 40], ['high', 15]];

export const INDUSTRIES: Weighted<string> = [
  ['manufacturing', 28], ['trading', 22], ['retail', 10], ['technology', 12], ['logistics', 9],
  ['construction', 7], ['healthcare', 6], ['hospitality', 6],
];

const INDUSTRY_WORDS: Readonly<Record<string, readonly string[]>> = {
  manufacturing: ['Precision Machinery', 'Electronics', 'Plastics', 'Auto Parts', 'Textiles', 'Hardware', 'Chemical', 'Packaging'],
  trading: ['Trading', 'Import & Export', 'Supply Chain', 'International Trade'],
  retail: ['Retail', 'Department Store', 'Foods', 'Apparel'],
  technology: ['Technology', 'Software', 'Information Technology', 'Network Technology'],
  logistics: ['Logistics', 'Freight Forwarding', 'Shipping', 'Warehousing'],
  construction: ['Construction', 'Engineering', 'Decoration', 'Building Materials'],
  healthcare: ['Medical Devices', 'Pharmaceutical', 'Health Management'],
  hospitality: ['Hotel Management', 'Catering', 'Travel Service'],
};

export const industryWords = (industry: string): readonly string[] => INDUSTRY_WORDS[industry] ?? ['Industrial'];

export const CITIES = ['Shanghai', 'Suzhou', 'Hangzhou', 'Ningbo', 'Wuxi', 'Nanjing', 'Shenzhen', 'Guangzhou', 'Xiamen', 'Qingdao', 'Kunshan', 'Jiaxing'];
export const BRAND_SYLLABLES = [
  'Heng', 'Da', 'Jin', 'Long', 'Hua', 'Yu', 'Ming', 'Tai', 'Xin', 'Rui', 'Feng', 'Sheng', 'Kang', 'Tong', 'Yuan', 'Hong',
  'Chang', 'An', 'Bao', 'De', 'Fu', 'Guang', 'Hai', 'Jia', 'Kai', 'Li', 'Mei', 'Nan', 'Qi', 'Rong', 'Shun', 'Wei',
];

/** A primary service per industry: manufacturers buy audits, traders buy tax work, and so on. */
export const PRIMARY_SERVICES: Readonly<Record<string, Weighted<ServiceLine>>> = {
  manufacturing: [['audit', 40], ['tax', 25], ['bookkeeping', 15], ['payroll', 10], ['advisory', 10]],
  trading: [['tax', 40], ['bookkeeping', 25], ['audit', 20], ['advisory', 15]],
  technology: [['advisory', 30], ['audit', 25], ['tax', 20], ['payroll', 25]],
};
export const DEFAULT_SERVICES: Weighted<ServiceLine> = [['bookkeeping', 30], ['tax', 30], ['audit', 20], ['payroll', 10], ['advisory', 10]];
export const EXTRA_SERVICES: Weighted<ServiceLine> = [['advisory', 50], ['tax', 30], ['audit', 10], ['payroll', 10]];

/** Distinct surnames, so `sp-<surname>` ids never collide. */
export const SALESPEOPLE: readonly (readonly [surname: string, name: string])[] = [
  ['zhang', 'Zhang Wei'], ['wang', 'Wang Fang'], ['li', 'Li Na'], ['liu', 'Liu Yang'], ['chen', 'Chen Jing'], ['zhao', 'Zhao Lei'],
  ['huang', 'Huang Ting'], ['zhou', 'Zhou Jun'], ['wu', 'Wu Xiaoming'], ['xu', 'Xu Hao'], ['sun', 'Sun Li'], ['ma', 'Ma Chao'],
  ['zhu', 'Zhu Hong'], ['hu', 'Hu Bin'], ['guo', 'Guo Qiang'], ['he', 'He Yan'], ['lin', 'Lin Mei'], ['luo', 'Luo Ping'],
  ['gao', 'Gao Feng'], ['zheng', 'Zheng Hui'], ['liang', 'Liang Yu'], ['song', 'Song Jie'], ['tang', 'Tang Lan'], ['han', 'Han Bo'],
  ['feng', 'Feng Rui'], ['deng', 'Deng Kai'], ['xie', 'Grace Xie'], ['cao', 'Kevin Cao'], ['yuan', 'Sophie Yuan'], ['peng', 'David Peng'],
];

export const PURSUIT_SUMMARIES = ['introduced our services', 'sent a fee proposal', 'needs assessment', 'met the finance director', 'discussed the engagement letter'];
export const ROUTINE_SUMMARIES = ['quarterly review', 'tax filing follow-up', 'year-end planning', 'collected documents', 'renewal discussion', 'payment reminder'];
export const WIN_BACK_SUMMARY = 'win-back outreach';

export const COMPLAINT_DESCRIPTIONS: Readonly<Record<ComplaintCategory, readonly string[]>> = {
  quality: ['errors in the monthly accounts', 'audit report delayed', 'tax filing had to be amended'],
  service: ['slow reply to queries', 'missed a filing reminder', 'hard to reach the account team'],
  price: ['invoice higher than quoted', 'disputes the extra hours billed'],
  staff: ['frequent changes of account staff', 'junior staff sent to the year-end meeting'],
  other: ['documents lost in transit', 'unhappy with the new portal'],
};
export const RESOLUTION_OUTCOMES = ['apologised and corrected', 'fee credit issued', 'senior accountant assigned', 'explained the billing', 'process changed'];
export const CHURN_NOTES: Readonly<Record<ChurnReason, string>> = {
  dissatisfied: 'unhappy with our service',
  competitor: 'moved to another firm',
  'negative-value': 'engagement no longer profitable',
  involuntary: 'company dissolved',
  other: 'no longer needs the service',
};
