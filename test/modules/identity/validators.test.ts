import { describe, expect, it } from 'vitest'
import {
  idCheckChar,
  parseIdNumber,
  validateBankAccount,
  validateUscc,
  usccCheckChar,
  normaliseNumber,
  validateName,
  validatePhone,
  luhnValid,
} from '../../../src/modules/identity/validators.js'
import { makeBankAccount } from '../../support/fixtures.js'

const today = '2026-11-23' // Beijing's date

describe('GB 11643 resident ID', () => {
  it('accepts generated valid numbers, including one whose check character is X', () => {
    let sawX = false
    for (let order = 100; order < 400; order++) {
      const first17 = `11010519900307${order}`
      const id = first17 + idCheckChar(first17)
      if (id.endsWith('X')) sawX = true
      expect(parseIdNumber(id, today)).toHaveProperty('info')
    }
    expect(sawX).toBe(true)
    expect(parseIdNumber('11010519491231002X', today)).toEqual({ info: { birthDate: '1949-12-31', sex: 'F', age: 76 } })
  })
  it('rejects wrong check digit, bad dates, future births, bad region and length', () => {
    expect(parseIdNumber('110105194912310021', today)).toEqual({ error: expect.stringContaining('校验位') as string })
    expect(parseIdNumber('110105199002301234', today)).toEqual({ error: expect.stringContaining('出生日期') as string })
    const future = '11010520300101123'
    expect(parseIdNumber(future + idCheckChar(future), today)).toEqual({ error: expect.stringContaining('晚于今天') as string })
    expect(parseIdNumber('010105199003071234', today)).toEqual({ error: expect.stringContaining('地区码') as string })
    expect(parseIdNumber('1101051990030712', today)).toEqual({ error: expect.stringContaining('18位') as string })
  })
  it('computes age from the birth date', () => {
    const minor = '44010620100101123'
    const r = parseIdNumber(minor + idCheckChar(minor), today)
    expect('info' in r && r.info.age).toBe(16)
  })
})

describe('bank accounts', () => {
  it('Luhn-checks debit cards and names the digit groups to re-check', () => {
    const good = makeBankAccount()
    expect(luhnValid(good)).toBe(true)
    expect(validateBankAccount(good)).toBeNull()
    const bad = good.slice(0, -1) + ((Number(good.at(-1)) + 1) % 10)
    expect(validateBankAccount(bad)).toMatch(/校验不通过.*组/)
    expect(validateBankAccount('12345')).toContain('12至19位')
    expect(validateBankAccount('100200300400')).toBeNull() // passbook account: no Luhn
  })
})

describe('USCC (GB 32100)', () => {
  it('accepts a valid code and rejects a wrong check character or invalid characters', () => {
    expect(validateUscc('91350100M000100Y43')).toBeNull() // published example
    const first17 = '91440101MA5CK7W25'
    expect(validateUscc(first17 + usccCheckChar(first17))).toBeNull()
    expect(validateUscc('91350100M000100Y44')).toContain('校验位')
    expect(validateUscc('91350100M000100I43')).toContain('无效字符')
    expect(validateUscc('9135')).toContain('18位')
  })
})

describe('normalisation and names', () => {
  it('turns full-width digits and spaces into plain digits', () => {
    expect(normaliseNumber('１３８ ０013　8000')).toBe('13800138000')
    expect(normaliseNumber('11010519491231002x')).toBe('11010519491231002X')
  })
  it('accepts Chinese names with the minority middle dot and Latin names', () => {
    expect(validateName('张三')).toBeNull()
    expect(validateName('阿依古丽·买买提')).toBeNull()
    expect(validateName('John Smith')).toBeNull()
    expect(validateName('张')).toContain('至少2')
    expect(validateName('<b>x</b>')).not.toBeNull()
  })
  it('validates mainland mobile numbers', () => {
    expect(validatePhone('13800138000')).toBeNull()
    expect(validatePhone('12800138000')).not.toBeNull()
  })
})
