import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createTestContext, type TestContext } from '../support/context.js'
import { TestClient } from '../support/client.js'
import { staffMember } from '../support/fixtures.js'
import { ensureCatalog, submittedCase } from '../support/cases.js'
import * as v from '../../src/modules/identity/validators.js'
import { validateAnswers, validateField } from '../../src/modules/applications/forms.js'
import { DEMO_SERVICES } from '../../src/modules/catalog/definitions.js'

/**
 * Property-based fuzzing (fast-check). Validators: never throw, answer null or a Chinese message, and
 * the checksums catch every single-character mistake. Form routes: every POST route of the app, as
 * several personas, with generated bodies built from the field names the app's own pages use — never a
 * 5xx, never an unhandled rejection. Failures print fast-check's seed and the shrunk counterexample.
 */
const TODAY = '2026-11-24' // Beijing's date
const CJK = /[\u4e00-\u9fa5]/

/** Any text a person or a script could send: full Unicode, full-width digits, control characters, very long. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(...'０１２３４５６７８９Ｘｘ　-— 0123456789X'), maxLength: 25 }),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1e400',
    'NaN',
    'Infinity',
    '9'.repeat(40),
    '\u0000',
    '\uFEFF',
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    '../../etc/passwd',
    'on',
    '2026-02-30',
    '2026-13',
    '1900-01-01',
  ),
  fc.string({ minLength: 300, maxLength: 5000 }),
)

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''))

describe('validators', () => {
  it('never throw, and answer null or a message in Chinese, for any input', () => {
    const checks: [string, (s: string) => string | null][] = [
      ['phone', v.validatePhone],
      ['password', v.validatePassword],
      ['name', v.validateName],
      ['bank', v.validateBankAccount],
      ['uscc', v.validateUscc],
      ['company', v.validateCompanyName],
      ['sms', v.validateSmsCode],
      ['id', (s) => ('error' in v.parseIdNumber(s, TODAY) ? (v.parseIdNumber(s, TODAY) as { error: string }).error : null)],
    ]
    fc.assert(
      fc.property(anyText, (s) => {
        for (const [, check] of checks) {
          for (const input of [s, v.normaliseNumber(s), v.normaliseText(s)]) {
            const r = check(input)
            if (r !== null && !(typeof r === 'string' && CJK.test(r))) return false
          }
        }
        return true
      }),
      { numRuns: 400 },
    )
  })

  it('normalising a number is idempotent and turns full-width digits into ASCII', () => {
    fc.assert(
      fc.property(anyText, (s) => v.normaliseNumber(v.normaliseNumber(s)) === v.normaliseNumber(s)),
      { numRuns: 300 },
    )
    fc.assert(
      fc.property(digits(18), (d) => {
        const wide = [...d].map((ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).join('')
        return v.normaliseNumber(` ${wide.slice(0, 6)}\u3000${wide.slice(6)} `) === d
      }),
    )
  })

  const idNumber = fc
    .record({
      region: fc.constantFrom('110105', '310101', '440106', '510104', '650102', '810000', '830000'),
      birth: fc.date({ min: new Date('1930-01-01T00:00:00Z'), max: new Date('2008-01-01T00:00:00Z'), noInvalidDate: true }),
      seq: digits(3),
    })
    .map(({ region, birth, seq }) => {
      const first17 = `${region}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${seq}`
      return { id: first17 + v.idCheckChar(first17), birth: birth.toISOString().slice(0, 10) }
    })

  it('ID numbers: a well-formed number is accepted with its birth date; any single changed digit is refused', () => {
    fc.assert(
      fc.property(idNumber, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), ({ id, birth }, pos, delta) => {
        const ok = v.parseIdNumber(id, TODAY)
        if (!('info' in ok) || ok.info.birthDate !== birth || ok.info.age < 18) return false
        const changed = id.slice(0, pos) + String((Number(id[pos]) + delta) % 10) + id.slice(pos + 1)
        return 'error' in v.parseIdNumber(changed, TODAY)
      }),
      { numRuns: 500 },
    )
  })

  it('bank cards: the Luhn digit makes a number valid and catches every single-digit mistake', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 15, max: 18 }).chain((n) => digits(n)),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        (body, p, delta) => {
          const check = [...'0123456789'].find((c) => v.luhnValid(`62${body}${c}`.slice(2)))!
          const card = `${body}${check}`
          if (!v.luhnValid(card)) return false
          const pos = p % card.length
          const wrong = card.slice(0, pos) + String((Number(card[pos]) + delta) % 10) + card.slice(pos + 1)
          return !v.luhnValid(wrong)
        },
      ),
      { numRuns: 500 },
    )
  })

  it('USCC: a well-formed code passes, and the check character catches every single-character substitution', () => {
    const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY'
    fc.assert(
      fc.property(
        fc.constantFrom('11', '12', '31', '51', '52', '53', '71', '81', '91', '92', '93', 'A1', 'N2', 'Y1'),
        fc.constantFrom('100000', '110105', '440101', '350100', '650102'),
        fc.array(fc.constantFrom(...chars), { minLength: 8, maxLength: 8 }),
        fc.integer({ min: 0, max: 16 }),
        fc.integer({ min: 1, max: 30 }),
        (head, region, body, pos, shift) => {
          const org = body.join('') + v.orgCodeCheckChar(body.join(''))
          const first17 = head + region + org
          const code = first17 + v.usccCheckChar(first17)
          if (v.validateUscc(code) !== null) return false
          const wrong = code.slice(0, pos) + chars[(chars.indexOf(code[pos]) + shift) % 31] + code.slice(pos + 1)
          return v.validateUscc(wrong) !== null
        },
      ),
      { numRuns: 500 },
    )
  })

  it('application form fields of every service never throw, and in-range answers pass', () => {
    const fields = DEMO_SERVICES.flatMap((s) => s.form.fields)
    fc.assert(
      fc.property(fc.constantFrom(...fields), anyText, (f, s) => {
        const r = validateField(f, s, '2026-11-24')
        return r === null || CJK.test(r)
      }),
      { numRuns: 1000 },
    )
    const numbers = fields.filter((f) => f.type === 'number')
    fc.assert(
      fc.property(fc.constantFrom(...numbers), fc.double({ min: 0, max: 1, noNaN: true }), (f, x) => {
        const n = Math.floor((f.min ?? 0) + x * ((f.max ?? 1000) - (f.min ?? 0)))
        return validateField(f, String(n), '2026-11-24') === null
      }),
    )
    for (const s of DEMO_SERVICES) {
      fc.assert(
        fc.property(
          fc.dictionary(fc.constantFrom(...s.form.fields.map((f) => f.name), 'x', '__proto__'), anyText),
          (raw) => typeof validateAnswers(s.form, raw, '2026-11-24').errors === 'object',
        ),
        { numRuns: 100 },
      )
    }
  })
})

describe('every form route', () => {
  let ctx: TestContext
  let personas: Record<string, TestClient>
  let ref = ''
  const rejections: unknown[] = []
  const onRejection = (e: unknown) => rejections.push(e)
  beforeAll(async () => {
    process.on('unhandledRejection', onRejection)
    ctx = await createTestContext()
    await ensureCatalog(ctx)
    const a = await submittedCase(ctx)
    ref = a.ref
    personas = { anonymous: new TestClient(ctx), citizen: a.citizen.client }
    for (const r of ['clerk', 'supervisor', 'complaints', 'secadmin', 'sysadmin'] as const) personas[r] = (await staffMember(ctx, r)).client
  })
  afterAll(async () => {
    process.off('unhandledRejection', onRejection)
    await ctx?.close()
  })

  it('never answer 5xx to generated bodies, for any persona', async () => {
    const routes = [...new Set(ctx.app.routes.filter((r) => r.method === 'POST' && !r.path.includes('*')).map((r) => r.path))]
    const fill = (p: string) => p.replace(':ref', ref).replace(':code', 'talent-registration').replace(/:id/g, '1')
    // the field names the portal's own pages use, collected from every page each persona can open
    const names = new Set(['service', 'form_token', 'step', 'decision', 'reason', 'note', 'purpose', 'phone', 'sms_code'])
    for (const r of ctx.app.routes.filter((r) => r.method === 'GET' && !r.path.includes('*'))) {
      for (const client of Object.values(personas)) {
        const page = await client.get(fill(r.path))
        for (const m of page.text.matchAll(/name="([a-z_][a-z0-9_]*)"/g)) if (m[1] !== '_csrf') names.add(m[1])
      }
    }
    expect(names.size).toBeGreaterThan(40)
    const body = fc.dictionary(
      fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 12 })),
      fc.oneof(anyText, fc.array(anyText, { minLength: 2, maxLength: 3 })),
      { maxKeys: 12 },
    )
    const failures: string[] = []
    // Signing out would turn the persona anonymous for the rest of the run; those routes take no fields anyway.
    const fuzzed = routes.filter((p) => !/logout$/.test(p))
    expect(fuzzed.length).toBeGreaterThan(40)
    for (const path of fuzzed) {
      for (const [who, client] of Object.entries(personas)) {
        await fc.assert(
          fc.asyncProperty(body, fc.boolean(), fc.uint8Array({ maxLength: 64 }), async (fields, multipart, bytes) => {
            let r
            if (multipart) {
              const form = new FormData()
              for (const [k, val] of Object.entries(fields)) for (const x of Array.isArray(val) ? val : [val]) form.append(k, x)
              form.append(`file_${[...names][bytes.length % names.size]}`, new Blob([bytes]), 'x.pdf')
              r = await client.postMultipart(fill(path), form)
            } else {
              r = await client.post(fill(path), fields)
            }
            if (r.status >= 500) failures.push(`${who} POST ${path} → ${r.status} ${JSON.stringify(fields).slice(0, 200)}`)
            return r.status < 500
          }),
          { numRuns: 6 },
        )
      }
    }
    expect(failures).toEqual([])
    expect(rejections).toEqual([])
  }, 240_000)
})
