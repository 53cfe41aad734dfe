import { t } from '../../lib/i18n/index.js'
import { ageOn, dateOf, isRealDate, type DateOnly } from '../../lib/time.js'
import { DIVISIONS_PACKED } from './divisions.js'

/**
 * Format and checksum validators for identity data, as the standards define them (decision 0112):
 * GB 11643 resident ID numbers with GB/T 2260 division codes, GB 32100 统一社会信用代码 with GB 11714
 * organisation codes, Luhn for bank cards. Pure functions; each returns an error message in Chinese
 * or null. Inputs are normalised first, the way people type them.
 */

/** Every kind of hyphen and dash (Unicode Dash_Punctuation: -, ‐, ‑, ‒, –, —, ―, －, ﹣ …), the minus sign, the soft hyphen. */
const DASHES = /[\p{Pd}\u2212\u00AD]/gu
/** White space of every kind (incl. U+3000 and no-break spaces) and the zero-width characters (U+200B–U+200D, U+2060, U+FEFF, U+180E). */
const INVISIBLE = /[\s\u200B-\u200D\u2060\uFEFF\u180E]/gu

/**
 * An ID, card or other number as typed: full-width digits and letters → ASCII (Unicode NFKC),
 * spaces, dashes and zero-width characters removed, letters upper-cased (x → X).
 */
export function normaliseNumber(v: string): string {
  return v.normalize('NFKC').replace(INVISIBLE, '').replace(DASHES, '').toUpperCase()
}

/**
 * A mobile number as typed: normaliseNumber, then the country code dropped when an 11-digit mobile
 * number follows it: +86, 0086, 86, also in brackets — "(+86) 138-0013-8000" → 13800138000.
 */
export function normalisePhone(v: string): string {
  return normaliseNumber(v).replace(/^\(?(?:\+|00)?86\)?(?=1\d{10}$)/, '')
}

export function normaliseText(v: string): string {
  return v.replace(/\u3000/g, ' ').trim()
}

export function validatePhone(v: string): string | null {
  if (!v) return t('请输入手机号码')
  if (!/^1[3-9]\d{9}$/.test(v)) return t('手机号码格式不正确，应为11位中国大陆手机号')
  return null
}

export function validatePassword(v: string): string | null {
  if (!v) return t('请输入密码')
  if (v.length < 8) return t('密码至少8位')
  if (v.length > 64) return t('密码不能超过64位')
  if (!/[A-Za-z]/.test(v) || !/\d/.test(v)) return t('密码须同时包含字母和数字')
  return null
}

/**
 * Chinese names incl. the middle dot of minority names (·•・), or Latin letters for foreigners.
 * Any unified CJK ideograph counts, rare ones (生僻字, CJK extensions B–H beyond U+FFFF) included.
 */
export function validateName(v: string): string | null {
  if (!v) return t('请输入姓名')
  if ([...v].length < 2) return t('姓名至少2个字')
  if ([...v].length > 30) return t('姓名不能超过30个字')
  if (!/^\p{Unified_Ideograph}+([·•・]\p{Unified_Ideograph}+)*$/u.test(v) && !/^[A-Za-z][A-Za-z .'-]*[A-Za-z]$/.test(v)) {
    return t('姓名只能包含汉字（少数民族姓名可用“·”分隔）或英文字母')
  }
  return null
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
export function idCheckChar(first17: string): string {
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * ID_WEIGHTS[i], 0)
  return '10X98765432'[sum % 11]
}

export interface IdInfo {
  birthDate: string
  sex: 'M' | 'F'
  age: number
}

/** GB/T 2260 division codes, every published revision (abolished codes kept), and 81/82/83 for residence permits. */
const DIVISIONS: ReadonlySet<string> = new Set(
  [...DIVISIONS_PACKED.matchAll(/\d+/g)].flatMap(([group]) =>
    Array.from({ length: (group.length - 4) / 2 }, (_, i) => group.slice(0, 4) + group.slice(4 + 2 * i, 6 + 2 * i)),
  ),
)

/** Whether `code` is a GB/T 2260 administrative division code (current or abolished) or a residence-permit code. */
export function isDivisionCode(code: string): boolean {
  return DIVISIONS.has(code)
}

/**
 * GB 11643-1999 resident ID (also the 港澳台居民居住证 numbers, 81/82/83): the division code against
 * GB/T 2260, the birth date (a real day from 1900 on, not after `today`), the ISO 7064 MOD 11-2
 * check character. `today` is Beijing's date (src/lib/time.ts `today(clock)`).
 */
export function parseIdNumber(v: string, today: DateOnly): { error: string } | { info: IdInfo } {
  if (!v) return { error: t('请输入身份证号码') }
  if (!/^\d{17}[\dX]$/.test(v)) return { error: t('身份证号码应为18位，最后一位可以是数字或X') }
  if (!isDivisionCode(v.slice(0, 6))) return { error: t('身份证号码前6位地区码不正确') }
  const y = Number(v.slice(6, 10))
  const m = Number(v.slice(10, 12))
  const d = Number(v.slice(12, 14))
  if (y < 1900 || !isRealDate(y, m, d)) return { error: t('身份证号码中的出生日期不正确') }
  const birthDate = dateOf(y, m, d)
  if (birthDate > today) return { error: t('身份证号码中的出生日期不能晚于今天') }
  if (idCheckChar(v.slice(0, 17)) !== v[17]) return { error: t('身份证号码校验位不正确，请核对后重新输入') }
  return { info: { birthDate, sex: Number(v[16]) % 2 === 1 ? 'M' : 'F', age: ageOn(birthDate, today) } }
}

/** Doubling a digit and adding the digits of the product (Luhn's step): 0→0, 5→1 (10), 9→9 (18). */
const LUHN_DOUBLED = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9]
/** Luhn (ISO/IEC 7812-1 annex B): the last digit is the check digit computed from the others. */
export function luhnValid(v: string): boolean {
  let sum = 0
  // the digit next to the check digit is doubled, then every second one going left
  for (let i = 0; i < v.length - 1; i++) {
    const d = Number(v[v.length - 2 - i])
    sum += i % 2 === 0 ? LUHN_DOUBLED[d] : d
  }
  return (10 - (sum % 10)) % 10 === Number(v[v.length - 1])
}

/** Debit cards (16–19 digits starting 62/4/5) use Luhn; passbook accounts (12–19 digits) do not. */
export function validateBankAccount(v: string): string | null {
  if (!v) return t('请输入银行账号')
  if (!/^\d{12,19}$/.test(v)) return t('银行账号应为12至19位数字')
  const isCard = v.length >= 16 && /^(62|4|5)/.test(v)
  if (isCard && !luhnValid(v)) {
    const groups = v.match(/.{1,4}/g)!
    return t('银行卡号校验不通过，请核对卡号（第{n}组“{a}”和最后一组“{b}”最常输错）', {
      n: groups.length - 1,
      a: groups[groups.length - 2],
      b: groups[groups.length - 1],
    })
  }
  return null
}

/** The banks a payee account may be held at: one list, in labels.ts (views use it too). */
export { BANKS } from './labels.js'

/** GB 32100-2015 统一社会信用代码: 18 characters from a 31-character set (no I, O, Z, S, V). */
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
/** The final check character (GB 32100 §4.3, modulus 31). */
export function usccCheckChar(first17: string): string {
  const sum = [...first17].reduce((s, ch, i) => s + USCC_CHARS.indexOf(ch) * USCC_WEIGHTS[i], 0)
  return USCC_CHARS[(31 - (sum % 31)) % 31]
}

/**
 * GB 32100 table 1: registration-authority code (1st character) → the organisation-type codes
 * (2nd character) that authority assigns. 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教,
 * 8 工会, 9 工商 (市场监管), A 中央军委改革和编制办公室, N 农业, Y 其他 (decision 0112).
 */
const USCC_AUTHORITY_TYPES: Readonly<Record<string, string>> = {
  '1': '1239',
  '2': '19',
  '3': '123459',
  '4': '19',
  '5': '1239',
  '6': '129',
  '7': '129',
  '8': '19',
  '9': '123',
  A: '19',
  N: '1239',
  Y: '1',
}

/** Registration at national level carries 100000 (中华人民共和国) as its division code. */
const NATIONAL_DIVISION = '100000'

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
/** GB 11714-1997 organisation code check character (modulus 11; digits 0–9, letters A–Z = 10–35). */
export function orgCodeCheckChar(first8: string): string {
  const sum = [...first8].reduce((s, ch, i) => s + parseInt(ch, 36) * ORG_WEIGHTS[i], 0)
  const c = 11 - (sum % 11)
  return c === 10 ? 'X' : String(c % 11)
}

export function validateUscc(v: string): string | null {
  if (!v) return t('请输入统一社会信用代码')
  if (v.length !== 18) return t('统一社会信用代码应为18位')
  if (![...v].every((ch) => USCC_CHARS.includes(ch))) return t('统一社会信用代码含有无效字符（不使用 I、O、Z、S、V）')
  if (!USCC_AUTHORITY_TYPES[v[0]]?.includes(v[1])) return t('统一社会信用代码第1、2位（登记管理部门和机构类别）不正确')
  const division = v.slice(2, 8)
  if (division !== NATIONAL_DIVISION && !isDivisionCode(division)) return t('统一社会信用代码第3至8位（登记机关行政区划码）不正确')
  if (orgCodeCheckChar(v.slice(8, 16)) !== v[16]) return t('统一社会信用代码第9至17位（组织机构代码）校验不通过，请核对营业执照')
  if (usccCheckChar(v.slice(0, 17)) !== v[17]) return t('统一社会信用代码校验位不正确，请核对营业执照')
  return null
}

export function validateCompanyName(v: string): string | null {
  if (!v) return t('请输入企业名称')
  if ([...v].length < 4 || [...v].length > 60) return t('企业名称应为4至60个字')
  return null
}

export function validateSmsCode(v: string): string | null {
  if (!v) return t('请输入短信验证码')
  if (!/^\d{6}$/.test(v)) return t('短信验证码为6位数字')
  return null
}
