import type { Services } from '../../services.js'
import * as repo from './repository.js'
import { idCheckChar, usccCheckChar } from './validators.js'
import { SYSTEM_CONTEXT } from '../audit/service.js'

const DEMO_CITIZEN_PHONE = '13800138000'
const DEMO_UNVERIFIED_PHONE = '13800138001'
const first17 = '44010619900307123'
export const DEMO_ID_NUMBER = first17 + idCheckChar(first17)
const DEMO_BANK_ACCOUNT = '6222020200112233445'
const uscc17 = '91440101MA5CK7W25'
export const DEMO_USCC = uscc17 + usccCheckChar(uscc17)

/** Demo citizens through the real service flows (register → verify → enterprise). */
export async function seedDemoCitizens(services: Services, password: string) {
  const { db, clock } = services.deps
  if (await repo.userByPhone(db, DEMO_CITIZEN_PHONE)) return
  const { hashPassword } = await import('../../lib/crypto.js')
  const t = clock.now().toISOString()
  const id = await repo.insertUser(db, repo.newUserRow(DEMO_CITIZEN_PHONE, hashPassword(password), t))
  const id2 = await repo.insertUser(db, repo.newUserRow(DEMO_UNVERIFIED_PHONE, hashPassword(password), t))
  const policy = await services.policy.currentPolicy()
  for (const u of [id, id2])
    await services.consents.record(null, {
      userId: u,
      consent: 'privacy_policy',
      granted: true,
      policyVersion: policy?.version ?? null,
      channel: 'web',
      ip: null,
    })
  const ctx = { ...SYSTEM_CONTEXT, actorType: 'citizen' as const, actorId: String(id) }
  await services.identity.verifyIdentity(ctx, id, {
    realName: '林晓明',
    idNumber: DEMO_ID_NUMBER,
    bankName: '中国工商银行',
    bankAccount: luhnFix(DEMO_BANK_ACCOUNT),
  })
  await services.identity.registerEnterprise(ctx, id, {
    companyName: '广州示范科技有限公司',
    uscc: DEMO_USCC,
    legalRepName: '陈志强',
    legalRepIdNumber: '11010519800101' + '201' + idCheckChar('11010519800101201'),
  })
}

function luhnFix(n: string): string {
  const body = n.slice(0, -1)
  for (let d = 0; d <= 9; d++) {
    const s = body + d
    let sum = 0
    for (let i = 0; i < s.length; i++) {
      let x = Number(s[s.length - 1 - i])
      if (i % 2 === 1) {
        x *= 2
        if (x > 9) x -= 9
      }
      sum += x
    }
    if (sum % 10 === 0) return s
  }
  return n
}
