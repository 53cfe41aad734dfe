import type { Services } from '../../src/services.js'
import { hashPassword, maskBankAccount, maskIdNumber, randomToken } from '../../src/lib/crypto.js'
import * as identityRepo from '../../src/modules/identity/repository.js'
import * as applicationRepo from '../../src/modules/applications/repository.js'
import { toTimestamp } from '../../src/db/time.js'
import { idCheckChar } from '../../src/modules/identity/validators.js'

/**
 * The benchmark's user: a verified citizen with 20 applications and a session; returns the cookie header and CSRF
 * token. `index` > 0 makes another citizen (the surge needs one per virtual user: a citizen has one draft per
 * service), with `applications` cases of their own (default 20).
 */
export async function signedInCitizen(services: Services, index = 0, applications = 20) {
  const { db, crypto } = services.deps
  const t = toTimestamp(new Date())
  const first17 =
    index === 0
      ? '44010619900101123'
      : `4401061990${String(1 + Math.floor(index / 900)).padStart(2, '0')}01${String(100 + (index % 900)).padStart(3, '0')}`
  const idNumber = first17 + idCheckChar(first17)
  const userId = await identityRepo.insertUser(db, {
    phone: index === 0 ? '13900000001' : `138${String(index).padStart(8, '0')}`,
    passwordHash: index === 0 ? hashPassword('bench1234') : null,
    status: 'active',
    failedLogins: 0,
    lockedUntil: null,
    email: null,
    emailVerifiedAt: null,
    realName: '压测',
    idNumberEnc: crypto.encrypt(idNumber),
    idNumberBidx: crypto.blindIndex('id_number', idNumber),
    idNumberMasked: maskIdNumber(idNumber),
    birthDate: '1990-01-01',
    sex: 'M',
    bankName: '中国银行',
    bankAccountEnc: crypto.encrypt('100200300400'),
    bankAccountMasked: maskBankAccount('100200300400'),
    verifiedAt: t,
    verificationMethod: 'format-checksum-only',
    createdAt: t,
    updatedAt: t,
    closedAt: null,
  })
  await db
    .insertInto('consents')
    .values({ userId, consent: 'privacy_policy', granted: 1, policyVersion: '2026.1', channel: 'web', ip: null, createdAt: t })
    .execute()
  for (let i = 0; i < applications; i++) {
    await applicationRepo.insert(db, {
      ref: `RC2026${String(index).padStart(4, '0')}${String(i).padStart(6, '0')}`,
      serviceCode: 'talent-registration',
      applicantUserId: userId,
      enterpriseId: null,
      applicantName: '压测',
      status: 'submitted',
      channel: 'online',
      submittedByStaffId: null,
      formToken: null,
      data: '{}',
      assigneeStaffId: null,
      submittedAt: t,
      acceptedAt: null,
      decidedAt: null,
      deadlineDate: null,
      pausedAt: null,
      decisionReason: null,
      retainUntil: null,
      createdAt: t,
      updatedAt: t,
    })
  }
  const { token } = await services.sessions.create(db, 'citizen', userId, { ip: '127.0.0.1', userAgent: 'bench' })
  const csrfRaw = randomToken(24)
  const cookie = `hall_session=${token}; hall_csrf=${csrfRaw}; hall_cookie_choice=essential`
  const csrf = crypto.hmac('csrf', csrfRaw)
  return { t, userId, cookie, csrf }
}

/** A copy of talent registration with no required files, so a submission is one urlencoded POST. */
export const BENCH_SERVICE = {
  code: 'bench-registration',
  name: '压测登记',
  category: '人才认定',
  applicantKind: 'citizen' as const,
  timeLimitDays: 10,
  isSubsidy: false,
  refPrefix: 'BR',
  guide: { summary: '', legalBasis: [], conditions: [], fee: '免费', channels: '', phone: '', processSteps: [] },
  form: {
    fields: [
      { name: 'school', label: '毕业院校', type: 'text' as const, required: true, maxLength: 60 },
      { name: 'graduation_date', label: '毕业时间', type: 'date' as const, required: true, notFuture: true },
      { name: 'insurance_months', label: '月数', type: 'number' as const, required: true, min: 0, max: 600 },
    ],
    materials: [],
  },
}

export const submitBody = (csrf: string, formToken: string) =>
  new URLSearchParams({
    _csrf: csrf,
    service: BENCH_SERVICE.code,
    form_token: formToken,
    school: '中山大学',
    graduation_date: '2018-07-01',
    insurance_months: '12',
  }).toString()
