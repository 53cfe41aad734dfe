import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as v from '../../../src/modules/identity/validators.js'
import { DIVISIONS_PACKED } from '../../../src/modules/identity/divisions.js'

/**
 * Each validator against an independent reference written here from the standard's own text,
 * not from the implementation: GB 11643-1999 (ID numbers, ISO 7064 MOD 11-2), GB/T 2260 (division
 * codes), GB 32100-2015 (统一社会信用代码) with GB 11714-1997 (organisation codes), ISO/IEC 7812 Luhn.
 */

// ---- references -------------------------------------------------------------------------------

/** GB 11643 §7.3: weights W_i = 2^(i-1) mod 11 counted from the right (i = 18 … 2); check a1 = (12 − S mod 11) mod 11, 10 → X. */
function refIdCheck(first17: string): string {
  let s = 0
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * (2 ** (17 - i) % 11)
  const a1 = (12 - (s % 11)) % 11
  return a1 === 10 ? 'X' : String(a1)
}

/** GB/T 2260 codes, read from the shipped list independently: groups of "PPPP" + "SS"… */
const REF_DIVISIONS = new Set<string>()
for (const group of DIVISIONS_PACKED.trim().split(/[ \n]+/)) {
  const suffixes = group.slice(4).match(/\d\d/g) ?? []
  for (const s of suffixes) REF_DIVISIONS.add(group.slice(0, 4) + s)
}
const DIVISION_LIST = [...REF_DIVISIONS]

/** Gregorian leap years (ISO 8601). */
const leap = (y: number) => y % 400 === 0 || (y % 4 === 0 && y % 100 !== 0)
const monthLength = (y: number, m: number) => (m === 2 ? (leap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31)
const iso = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`

/** Completed years: the number of birthdays (29 Feb → 28 Feb in common years) up to and including `today`. */
function refAge(birth: string, today: string): number {
  const [by, bm, bd] = birth.split('-').map(Number)
  let age = -1
  for (let y = by; y <= Number(today.slice(0, 4)); y++) {
    const day = bm === 2 && bd === 29 && !leap(y) ? 28 : bd
    if (iso(y, bm, day) <= today) age++
  }
  return age
}

type RefId = { ok: false } | { ok: true; birthDate: string; sex: 'M' | 'F'; age: number }
/** GB 11643: 6-digit GB/T 2260 code, 8-digit birth date (from 1900, real, not after today), 3-digit order (odd = male), check. */
function refId(id: string, today: string): RefId {
  if (id.length !== 18) return { ok: false }
  for (let i = 0; i < 17; i++) if (id[i] < '0' || id[i] > '9') return { ok: false }
  if (!REF_DIVISIONS.has(id.slice(0, 6))) return { ok: false }
  const y = Number(id.slice(6, 10))
  const m = Number(id.slice(10, 12))
  const d = Number(id.slice(12, 14))
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > monthLength(y, m)) return { ok: false }
  const birthDate = iso(y, m, d)
  if (birthDate > today) return { ok: false }
  if (refIdCheck(id.slice(0, 17)) !== id[17]) return { ok: false }
  return { ok: true, birthDate, sex: '13579'.includes(id[16]) ? 'M' : 'F', age: refAge(birthDate, today) }
}

/** GB 32100 §4.1: the code character set, values 0–30. */
const USCC_SET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
/** GB 32100 §4.3: weights W_i = 3^(i-1) mod 31; C18 = 31 − (Σ Ci·Wi mod 31), 31 → 0. */
function refUsccCheck(first17: string): string {
  let s = 0
  for (let i = 0; i < 17; i++) s += USCC_SET.indexOf(first17[i]) * (3 ** i % 31)
  const c = 31 - (s % 31)
  return USCC_SET[c === 31 ? 0 : c]
}
/** GB 11714 §5: weights 3 7 9 10 5 8 4 2; C9 = 11 − (Σ Ci·Wi mod 11); 10 → X, 11 → 0. Letters A=10 … Z=35. */
function refOrgCheck(first8: string): string {
  const w = [3, 7, 9, 10, 5, 8, 4, 2]
  let s = 0
  for (let i = 0; i < 8; i++) {
    const ch = first8.charCodeAt(i)
    s += (ch >= 65 ? ch - 55 : ch - 48) * w[i]
  }
  const c = 11 - (s % 11)
  return c === 10 ? 'X' : c === 11 ? '0' : String(c)
}
/** GB 32100 table 1: registration authority → organisation types. */
const REF_TYPES: Record<string, string[]> = {
  '1': ['1', '2', '3', '9'], // 机构编制: 机关, 事业单位, 群众团体, 其他
  '2': ['1', '9'], // 外交
  '3': ['1', '2', '3', '4', '5', '9'], // 司法行政: 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
  '4': ['1', '9'], // 文化
  '5': ['1', '2', '3', '9'], // 民政: 社会团体, 民办非企业单位, 基金会, 其他
  '6': ['1', '2', '9'], // 旅游
  '7': ['1', '2', '9'], // 宗教
  '8': ['1', '9'], // 工会
  '9': ['1', '2', '3'], // 工商: 企业, 个体工商户, 农民专业合作社
  A: ['1', '9'], // 中央军委改革和编制办公室
  N: ['1', '2', '3', '9'], // 农业
  Y: ['1'], // 其他
}
function refUscc(code: string): boolean {
  if (code.length !== 18 || [...code].some((c) => !USCC_SET.includes(c))) return false
  if (!(REF_TYPES[code[0]] ?? []).includes(code[1])) return false
  const region = code.slice(2, 8)
  if (region !== '100000' && !REF_DIVISIONS.has(region)) return false
  return refOrgCheck(code.slice(8, 16)) === code[16] && refUsccCheck(code.slice(0, 17)) === code[17]
}

/** ISO/IEC 7812 Luhn: double every second digit from the right, sum the digits, total ≡ 0 mod 10. */
function refLuhn(n: string): boolean {
  const digits = [...n].reverse().map(Number)
  const total = digits.reduce((s, d, i) => s + (i % 2 ? Math.floor((2 * d) / 10) + ((2 * d) % 10) : d), 0)
  return total % 10 === 0
}

// ---- generators -------------------------------------------------------------------------------

const digit = fc.integer({ min: 0, max: 9 }).map(String)
const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((a) => a.join(''))
const region = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...DIVISION_LIST) },
  { weight: 1, arbitrary: digits(6) },
  { weight: 1, arbitrary: fc.constantFrom('000000', '100000', '910000', '990000', '840000', '110199', '830001') },
)
const birth = fc.record({
  y: fc.oneof(fc.integer({ min: 1890, max: 2030 }), fc.constantFrom(1899, 1900, 2000, 2004, 2008, 2012, 2100)),
  m: fc.integer({ min: 0, max: 13 }),
  d: fc.integer({ min: 0, max: 32 }),
})
const todayArb = fc
  .record({ y: fc.integer({ min: 1995, max: 2040 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
  .map(({ y, m, d }) => iso(y, m, Math.min(d, monthLength(y, m))))
/** 17 digits with a structure that is often right, then either the right check or any character. */
const idCandidate = fc
  .tuple(region, birth, digits(3), fc.boolean(), fc.constantFrom(...'0123456789X'))
  .map(([r, b, order, rightCheck, any]) => {
    const first17 = `${r}${String(b.y).padStart(4, '0')}${String(b.m).padStart(2, '0')}${String(b.d).padStart(2, '0')}${order}`
    return first17 + (rightCheck ? refIdCheck(first17) : any)
  })

// ---- properties -------------------------------------------------------------------------------

describe('GB 11643 resident ID numbers against the reference', () => {
  it('the check character agrees with the standard’s formula for every 17-digit body', () => {
    fc.assert(
      fc.property(digits(17), (body) => v.idCheckChar(body) === refIdCheck(body)),
      { numRuns: 2000 },
    )
  })

  it('accepts exactly what the reference accepts, with the same birth date, sex and age', () => {
    fc.assert(
      fc.property(idCandidate, todayArb, (id, today) => {
        const ref = refId(id, today)
        const got = v.parseIdNumber(id, today)
        if (!ref.ok) return 'error' in got
        return 'info' in got && got.info.birthDate === ref.birthDate && got.info.sex === ref.sex && got.info.age === ref.age
      }),
      { numRuns: 4000 },
    )
  })

  it('ages at the birthday boundaries: the day before, the day, the day after', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DIVISION_LIST.slice(0, 50)),
        todayArb,
        fc.integer({ min: 0, max: 40 }),
        digits(3),
        (r, today, years, order) => {
          const [ty, tm, td] = today.split('-').map(Number)
          const by = ty - years
          if (by < 1900 || (tm === 2 && td === 29 && !leap(by))) return true
          const first17 = `${r}${by}${String(tm).padStart(2, '0')}${String(td).padStart(2, '0')}${order}`
          const got = v.parseIdNumber(first17 + refIdCheck(first17), today)
          return 'info' in got && got.info.age === years && refAge(got.info.birthDate, today) === years
        },
      ),
      { numRuns: 1000 },
    )
    const at = (b: string, today: string) => {
      const first17 = `110105${b}123`
      const r = v.parseIdNumber(first17 + refIdCheck(first17), today)
      return 'info' in r ? r.info.age : r.error
    }
    expect([at('20101123', '2026-11-22'), at('20101123', '2026-11-23'), at('20101123', '2026-11-24')]).toEqual([15, 16, 16])
    expect([at('20081123', '2026-11-22'), at('20081123', '2026-11-23')]).toEqual([17, 18])
    // later this month, earlier this month, later in the year, earlier in the year
    expect([
      at('20081130', '2026-11-23'),
      at('20081101', '2026-11-23'),
      at('20081223', '2026-11-23'),
      at('20081023', '2026-11-23'),
    ]).toEqual([17, 18, 17, 18])
    expect([at('20080229', '2026-02-27'), at('20080229', '2026-02-28'), at('20080229', '2026-03-01')]).toEqual([17, 18, 18])
    expect([at('20120229', '2028-02-28'), at('20120229', '2028-02-29')]).toEqual([15, 16])
    expect(at('19000101', '2026-11-23')).toBe(126)
    expect(at('18991231', '2026-11-23')).toContain('出生日期')
    expect(at('20261123', '2026-11-23')).toBe(0)
    expect(at('20261124', '2026-11-23')).toContain('晚于今天')
  })

  it('reads sex from the order code: odd male, even female', () => {
    for (const [order, sex] of [
      ['121', 'M'],
      ['123', 'M'],
      ['125', 'M'],
      ['127', 'M'],
      ['129', 'M'],
      ['120', 'F'],
      ['122', 'F'],
      ['124', 'F'],
      ['126', 'F'],
      ['128', 'F'],
    ]) {
      const first17 = `11010519900307${order}`
      expect(v.parseIdNumber(first17 + refIdCheck(first17), '2026-11-23')).toMatchObject({ info: { sex } })
    }
  })

  it('division codes: current, abolished, created after 2019, residence permits; not invented ones', () => {
    // 110105 朝阳区; 110103 崇文区 and 110104 宣武区 (abolished 2010); 320481 (abolished 金坛市);
    // 330383 龙港市 (2019); 810000/820000/830000 港澳台居民居住证; 710000 台湾省
    for (const c of ['110105', '110103', '110104', '330383', '810000', '820000', '830000', '710000', '110000', '440100'])
      expect(v.isDivisionCode(c), c).toBe(true)
    for (const c of ['000000', '100000', '910000', '990000', '840000', '110199', '11010', '1101050', '1101', '110', '11', ''])
      expect(v.isDivisionCode(c), c).toBe(false)
    expect(REF_DIVISIONS.size).toBeGreaterThan(7000)
    for (const c of DIVISION_LIST) if (!v.isDivisionCode(c)) throw new Error(`${c} missing`)
    const first17 = '91000019900307123'
    expect(v.parseIdNumber(first17 + refIdCheck(first17), '2026-11-23')).toEqual({ error: '身份证号码前6位地区码不正确' })
  })

  it('explains what is wrong, in order: length and characters, region, date, check', () => {
    const id = (first17: string) => first17 + refIdCheck(first17)
    expect(v.parseIdNumber('', '2026-11-23')).toEqual({ error: '请输入身份证号码' })
    expect(v.parseIdNumber(id('11010519900307123') + '1', '2026-11-23')).toEqual({ error: '身份证号码应为18位，最后一位可以是数字或X' })
    expect(v.parseIdNumber('1' + id('11010519900307123'), '2026-11-23')).toEqual({ error: '身份证号码应为18位，最后一位可以是数字或X' })
    expect(v.parseIdNumber('X' + id('11010519900307123').slice(1), '2026-11-23')).toEqual({
      error: '身份证号码应为18位，最后一位可以是数字或X',
    })
    expect(v.parseIdNumber(id('11010519900307123').slice(0, 17) + 'Y', '2026-11-23')).toEqual({
      error: '身份证号码应为18位，最后一位可以是数字或X',
    })
    expect(v.parseIdNumber(id('11010519900230123'), '2026-11-23')).toEqual({ error: '身份证号码中的出生日期不正确' })
    expect(v.parseIdNumber(id('11010518991231123'), '2026-11-23')).toEqual({ error: '身份证号码中的出生日期不正确' })
    expect(v.parseIdNumber(id('11010520300101123'), '2026-11-23')).toEqual({ error: '身份证号码中的出生日期不能晚于今天' })
    const good = id('11010519900307123')
    const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0')
    expect(v.parseIdNumber(wrong, '2026-11-23')).toEqual({ error: '身份证号码校验位不正确，请核对后重新输入' })
  })
})

describe('GB 32100 统一社会信用代码 against the reference', () => {
  const usccChar = fc.constantFrom(...USCC_SET)
  const head = fc.oneof(
    fc.constantFrom(...Object.entries(REF_TYPES).flatMap(([a, ts]) => ts.map((t) => a + t))),
    fc.tuple(usccChar, usccChar).map(([a, b]) => a + b),
  )
  const candidate = fc
    .tuple(head, fc.oneof(region, fc.constant('100000')), fc.array(usccChar, { minLength: 8, maxLength: 8 }), fc.nat(3), usccChar, usccChar)
    .map(([h, r, body, mode, c17, c18]) => {
      const b = body.join('')
      const org = b + (mode === 0 ? c17 : refOrgCheck(b))
      return h + r + org + (mode === 1 ? c18 : refUsccCheck(h + r + org))
    })

  it('the check characters agree with the standards’ formulas', () => {
    fc.assert(
      fc.property(fc.array(usccChar, { minLength: 17, maxLength: 17 }), (a) => v.usccCheckChar(a.join('')) === refUsccCheck(a.join(''))),
      { numRuns: 2000 },
    )
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'), { minLength: 8, maxLength: 8 }), (a) => {
        return v.orgCodeCheckChar(a.join('')) === refOrgCheck(a.join(''))
      }),
      { numRuns: 2000 },
    )
  })

  it('accepts exactly what the reference accepts', () => {
    fc.assert(
      fc.property(candidate, (code) => (v.validateUscc(code) === null) === refUscc(code)),
      { numRuns: 5000 },
    )
  })

  it('real codes pass; each part is checked with its own message', () => {
    for (const code of ['91350100M000100Y43', '9144030071526726XG', '91330100716105852F', '91440101MA5CK7W25R'])
      expect(v.validateUscc(code), code).toBeNull()
    const make = (first16: string) => {
      const org = first16.slice(8) + refOrgCheck(first16.slice(8))
      const first17 = first16.slice(0, 8) + org
      return first17 + refUsccCheck(first17)
    }
    for (const h of Object.entries(REF_TYPES).flatMap(([a, ts]) => ts.map((t) => a + t)))
      expect(v.validateUscc(make(`${h}110105MA5CK7W2`)), h).toBeNull()
    expect(v.validateUscc(make('11100000MB014302'))).toBeNull() // registered at national level
    for (const h of ['94', '99', '14', '54', 'Y2', 'A2', 'N4', '0A', 'B1', '3A', '63', '22', '86', '46', '73', '36'])
      expect(v.validateUscc(make(`${h}110105MA5CK7W2`)), h).toContain('第1、2位')
    for (const r of ['990000', '000000', '110199']) expect(v.validateUscc(make(`91${r}MA5CK7W2`)), r).toContain('第3至8位')
    const wrongOrg = '91350100M000100Y5'
    expect(v.validateUscc(wrongOrg + refUsccCheck(wrongOrg))).toContain('第9至17位')
    expect(v.validateUscc('91350100M000100Y44')).toBe('统一社会信用代码校验位不正确，请核对营业执照')
    expect(v.validateUscc('91350100M000100I43')).toBe('统一社会信用代码含有无效字符（不使用 I、O、Z、S、V）')
    expect(v.validateUscc('91350100M000100Y4')).toBe('统一社会信用代码应为18位')
    expect(v.validateUscc('')).toBe('请输入统一社会信用代码')
  })
})

describe('normalisation as people type', () => {
  const DASHES = ['-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFF0D', '\uFE63', '\uFE58', '\u00AD']
  const SPACES = [' ', '\u3000', '\u00A0', '\t', '\u2002', '\u202F']
  const ZERO_WIDTH = ['\u200B', '\u200C', '\u200D', '\uFEFF', '\u2060']
  const wide = (s: string) => [...s].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('')
  /** Sprinkles separators between characters and makes some of them full-width. */
  const typed = (s: string) =>
    fc
      .tuple(
        fc.array(fc.oneof(fc.constant(''), fc.constantFrom(...DASHES, ...SPACES, ...ZERO_WIDTH)), {
          minLength: s.length + 1,
          maxLength: s.length + 1,
        }),
        fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }),
      )
      .map(([seps, w]) => seps[0] + [...s].map((c, i) => (w[i] ? wide(c) : c) + seps[i + 1]).join(''))

  const mobile = fc.tuple(fc.constantFrom('3', '4', '5', '6', '7', '8', '9'), digits(9)).map(([b, rest]) => `1${b}${rest}`)

  it('mobile numbers with +86, 0086, 86 (also bracketed), any dash, full-width and zero-width characters', () => {
    fc.assert(
      fc.property(
        mobile.chain((m) =>
          fc.tuple(fc.constant(m), fc.constantFrom('', '+86', '0086', '86', '(+86)', '（＋８６）', '＋86', '+86 ', '00 86'), typed(m)),
        ),
        ([m, prefix, t]) => v.normalisePhone(prefix + t) === m && v.validatePhone(v.normalisePhone(prefix + t)) === null,
      ),
      { numRuns: 1000 },
    )
    expect(v.normalisePhone('+86 138-0013-8000')).toBe('13800138000')
    expect(v.normalisePhone('0086\u2014138\u200B0013 8000')).toBe('13800138000')
    // a country code is only dropped in front of a whole mobile number
    expect(v.normalisePhone('8613800138')).toBe('8613800138')
    expect(v.normalisePhone('86138001380001')).toBe('86138001380001')
    expect(v.normalisePhone('8601380013800')).toBe('8601380013800')
    expect(v.normalisePhone('+8613800138000x')).toBe('+8613800138000X')
    expect(v.normalisePhone('998613800138000')).toBe('998613800138000')
    expect(v.normalisePhone('1868613800138000')).toBe('1868613800138000')
  })

  it('ID, card and code numbers typed with separators, full-width characters and a lower-case x', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('11010519491231002X', '6222020200112233445', '91350100M000100Y43').chain((n) => fc.tuple(fc.constant(n), typed(n))),
        ([n, t]) => v.normaliseNumber(t) === n && v.normaliseNumber(t.toLowerCase()) === n,
      ),
      { numRuns: 1000 },
    )
    // the country-code rule is for phones only: a 13-digit account starting 86 stays as typed
    expect(v.normaliseNumber('8613800138000')).toBe('8613800138000')
    expect(v.normaliseText('\u3000张三 ')).toBe('张三')
    expect(v.normaliseText('John\u3000Smith\u3000')).toBe('John Smith')
  })
})

describe('the other rules, at their edges', () => {
  it('mobile numbers: 11 digits, 1 then 3–9, nothing before or after', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789a+ '), maxLength: 13 }), (s) => {
        return (v.validatePhone(s) === null) === (s.length === 11 && s[0] === '1' && '3456789'.includes(s[1]) && /^\d+$/.test(s))
      }),
      { numRuns: 2000 },
    )
    for (const bad of ['a13800138000', '13800138000a', '138001380001', '1380013800', '12800138000', '10800138000'])
      expect(v.validatePhone(bad), bad).toBe('手机号码格式不正确，应为11位中国大陆手机号')
    expect(v.validatePhone('')).toBe('请输入手机号码')
  })

  it('passwords: 8–64 characters with a letter and a digit', () => {
    expect(v.validatePassword('')).toBe('请输入密码')
    expect(v.validatePassword('abc1234')).toBe('密码至少8位')
    expect(v.validatePassword('abcd1234')).toBeNull()
    expect(v.validatePassword('a'.repeat(63) + '1')).toBeNull()
    expect(v.validatePassword('a'.repeat(64) + '1')).toBe('密码不能超过64位')
    expect(v.validatePassword('abcdefgh')).toBe('密码须同时包含字母和数字')
    expect(v.validatePassword('12345678')).toBe('密码须同时包含字母和数字')
    expect(v.validatePassword('ABCD1234')).toBeNull()
    expect(v.validatePassword('1234567Z')).toBeNull()
  })

  it('names: Chinese (with the minority middle dot) or Latin, the whole name', () => {
    for (const ok of [
      '张三',
      '阿依古丽·买买提',
      '𠀀𠀁',
      '㐀㐁',
      '尹𬱖',
      '龦龧',
      '买买提•艾力',
      '李・明',
      'John Smith',
      "O'Neil",
      'Jean-Luc Picard',
      'Ab',
    ])
      expect(v.validateName(ok), ok).toBeNull()
    const msg = '姓名只能包含汉字（少数民族姓名可用“·”分隔）或英文字母'
    for (const bad of [
      '张三1',
      '1张三',
      '·张三',
      '张三·',
      '张··三',
      'John1',
      '1John',
      ' John',
      'John ',
      'John-',
      '-John',
      '张三John',
      '<b>x</b>',
    ])
      expect(v.validateName(bad), bad).toBe(bad.length < 2 ? expect.anything() : msg)
    expect(v.validateName('')).toBe('请输入姓名')
    expect(v.validateName('张')).toBe('姓名至少2个字')
    expect(v.validateName('张'.repeat(30))).toBeNull()
    expect(v.validateName('张'.repeat(31))).toBe('姓名不能超过30个字')
  })

  it('bank accounts: 12–19 digits; cards (16–19 digits starting 62, 4 or 5) must pass Luhn, passbook accounts need not', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 21 }).chain((n) => fc.tuple(fc.constantFrom('62', '4', '5', '1', '9', '60'), digits(n))),
        ([prefix, rest]) => {
          const n = (prefix + rest).slice(0, Math.max(prefix.length, rest.length))
          const card = n.length >= 16 && (n.startsWith('62') || n.startsWith('4') || n.startsWith('5'))
          const expected = n.length >= 12 && n.length <= 19 && (!card || refLuhn(n))
          return (v.validateBankAccount(n) === null) === expected && v.luhnValid(n) === refLuhn(n)
        },
      ),
      { numRuns: 3000 },
    )
    expect(v.validateBankAccount('')).toBe('请输入银行账号')
    expect(v.validateBankAccount('62220202001122334a')).toBe('银行账号应为12至19位数字')
    expect(v.validateBankAccount('a6222020200112233')).toBe('银行账号应为12至19位数字')
    // 15 digits starting 62 and 16 digits starting 1 are passbook accounts: no Luhn
    expect(v.validateBankAccount('622202020011223')).toBeNull()
    expect(v.validateBankAccount('1234567890123456')).toBeNull()
    // a 16-digit card failing Luhn names the last two groups of four
    expect(v.validateBankAccount('6222020200112234')).toBe('银行卡号校验不通过，请核对卡号（第3组“0011”和最后一组“2234”最常输错）')
    expect(v.validateBankAccount('6222020200112233441')).toBe('银行卡号校验不通过，请核对卡号（第4组“2233”和最后一组“441”最常输错）')
  })

  it('company names, SMS codes, the bank list', () => {
    expect(v.validateCompanyName('')).toBe('请输入企业名称')
    expect(v.validateCompanyName('某某公')).toBe('企业名称应为4至60个字')
    expect(v.validateCompanyName('某某公司')).toBeNull()
    expect(v.validateCompanyName('某'.repeat(60))).toBeNull()
    expect(v.validateCompanyName('某'.repeat(61))).toBe('企业名称应为4至60个字')
    expect(v.validateSmsCode('')).toBe('请输入短信验证码')
    expect(v.validateSmsCode('123456')).toBeNull()
    for (const bad of ['12345', '1234567', 'a12345', '12345a']) expect(v.validateSmsCode(bad), bad).toBe('短信验证码为6位数字')
    expect(v.BANKS).toContain('中国工商银行')
    expect(v.BANKS).toHaveLength(17)
  })
})
