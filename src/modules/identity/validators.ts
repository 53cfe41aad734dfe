/**
 * Format and checksum validators for identity data. Pure functions; each returns an error message
 * in Chinese or null. Inputs are normalised first (full-width → half-width, spaces removed).
 */

/** Full-width digits/letters and ideographic space → ASCII; strip spaces and hyphens inside numbers. */
export function normaliseNumber(v: string): string {
  return v
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000-]/g, '')
    .toUpperCase()
}

export function normaliseText(v: string): string {
  return v.replace(/\u3000/g, ' ').trim()
}

export function validatePhone(v: string): string | null {
  if (!v) return '请输入手机号码'
  if (!/^1[3-9]\d{9}$/.test(v)) return '手机号码格式不正确，应为11位中国大陆手机号'
  return null
}

export function validatePassword(v: string): string | null {
  if (!v) return '请输入密码'
  if (v.length < 8) return '密码至少8位'
  if (v.length > 64) return '密码不能超过64位'
  if (!/[A-Za-z]/.test(v) || !/\d/.test(v)) return '密码须同时包含字母和数字'
  return null
}

/** Chinese names incl. the middle dot of minority names (·•・), or Latin letters for foreigners. */
export function validateName(v: string): string | null {
  if (!v) return '请输入姓名'
  if ([...v].length < 2) return '姓名至少2个字'
  if ([...v].length > 30) return '姓名不能超过30个字'
  if (!/^[\u4e00-\u9fa5\u3400-\u4dbf]+([·•・][\u4e00-\u9fa5\u3400-\u4dbf]+)*$/.test(v) && !/^[A-Za-z][A-Za-z .'-]*[A-Za-z]$/.test(v)) {
    return '姓名只能包含汉字（少数民族姓名可用“·”分隔）或英文字母'
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

/** GB 11643-1999 resident ID: region prefix format, birth date, ISO 7064 MOD 11-2 check character. */
export function parseIdNumber(v: string, today: Date): { error: string } | { info: IdInfo } {
  if (!v) return { error: '请输入身份证号码' }
  if (!/^\d{17}[\dX]$/.test(v)) return { error: '身份证号码应为18位，最后一位可以是数字或X' }
  if (!/^[1-9]\d{5}$/.test(v.slice(0, 6)) || !/^[1-8]/.test(v)) return { error: '身份证号码前6位地区码不正确' }
  const y = Number(v.slice(6, 10))
  const m = Number(v.slice(10, 12))
  const d = Number(v.slice(12, 14))
  const birth = new Date(Date.UTC(y, m - 1, d))
  if (y < 1900 || birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d)
    return { error: '身份证号码中的出生日期不正确' }
  if (birth.getTime() > today.getTime()) return { error: '身份证号码中的出生日期不能晚于今天' }
  if (idCheckChar(v.slice(0, 17)) !== v[17]) return { error: '身份证号码校验位不正确，请核对后重新输入' }
  let age = today.getUTCFullYear() - y
  if (today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d)) age--
  return { info: { birthDate: `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`, sex: Number(v[16]) % 2 === 1 ? 'M' : 'F', age } }
}

export function luhnValid(v: string): boolean {
  let sum = 0
  for (let i = 0; i < v.length; i++) {
    let x = Number(v[v.length - 1 - i])
    if (i % 2 === 1) {
      x *= 2
      if (x > 9) x -= 9
    }
    sum += x
  }
  return sum % 10 === 0
}

/** Debit cards (16–19 digits starting 62/4/5) use Luhn; passbook accounts (12–19 digits) do not. */
export function validateBankAccount(v: string): string | null {
  if (!v) return '请输入银行账号'
  if (!/^\d{12,19}$/.test(v)) return '银行账号应为12至19位数字'
  const isCard = v.length >= 16 && /^(62|4|5)/.test(v)
  if (isCard && !luhnValid(v)) {
    const groups = v.match(/.{1,4}/g)!
    return `银行卡号校验不通过，请核对卡号（第${groups.length - 1}组“${groups[groups.length - 2]}”和最后一组“${groups[groups.length - 1]}”最常输错）`
  }
  return null
}

export const BANKS = [
  '中国工商银行',
  '中国农业银行',
  '中国银行',
  '中国建设银行',
  '交通银行',
  '中国邮政储蓄银行',
  '招商银行',
  '中信银行',
  '中国光大银行',
  '华夏银行',
  '中国民生银行',
  '广发银行',
  '平安银行',
  '兴业银行',
  '上海浦东发展银行',
  '农村商业银行',
  '其他银行',
] as const

/** GB 32100-2015 统一社会信用代码: 18 chars from the 31-char set, check character at the end. */
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
export function usccCheckChar(first17: string): string {
  const sum = [...first17].reduce((s, ch, i) => s + USCC_CHARS.indexOf(ch) * USCC_WEIGHTS[i], 0)
  return USCC_CHARS[(31 - (sum % 31)) % 31]
}
export function validateUscc(v: string): string | null {
  if (!v) return '请输入统一社会信用代码'
  if (v.length !== 18) return '统一社会信用代码应为18位'
  if (![...v].every((ch) => USCC_CHARS.includes(ch))) return '统一社会信用代码含有无效字符（不使用 I、O、Z、S、V）'
  if (usccCheckChar(v.slice(0, 17)) !== v[17]) return '统一社会信用代码校验位不正确，请核对营业执照'
  return null
}

export function validateCompanyName(v: string): string | null {
  if (!v) return '请输入企业名称'
  if ([...v].length < 4 || [...v].length > 60) return '企业名称应为4至60个字'
  return null
}

export function validateSmsCode(v: string): string | null {
  if (!v) return '请输入短信验证码'
  if (!/^\d{6}$/.test(v)) return '短信验证码为6位数字'
  return null
}
