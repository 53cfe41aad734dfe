import type { Services } from '../services.js'
import { SYSTEM_CONTEXT } from '../modules/audit/service.js'
import { seedPolicyBaseline } from '../modules/policy/seed.js'
import { seedDemoCitizens, DEMO_ID_NUMBER, DEMO_USCC } from '../modules/identity/seed.js'
import { seedDemoRegistries } from '../modules/registries/seed.js'
import { seedCatalog, seedCatalogEnglish } from '../modules/catalog/service.js'

/**
 * Baseline content every installation needs (first privacy-policy version, holiday calendar, the
 * demo services' English where missing);
 * idempotent, runs at every start.
 */
export async function seedBaseline(services: Services) {
  await seedPolicyBaseline(services)
  await services.calendar.seedOfficial()
  await seedCatalogEnglish(services.catalog)
}

export const DEMO_PASSWORD = 'demo1234'
/** Demo TOTP secret for the admin roles — demo data only, documented in README. */
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'

export const DEMO_STAFF = [
  { username: 'clerk', name: '王受理', role: 'clerk', staffNo: 'S1001', department: '人才服务中心窗口' },
  { username: 'reviewer', name: '李审核', role: 'reviewer', staffNo: 'S1002', department: '人才服务中心审核科' },
  { username: 'supervisor', name: '张科长', role: 'supervisor', staffNo: 'S1003', department: '人才服务中心' },
  { username: 'hotline', name: '赵坐席', role: 'complaints', staffNo: 'S2001', department: '12333 热线' },
  { username: 'sysadmin', name: '系统管理员', role: 'sysadmin', staffNo: 'S9001', department: '信息科' },
  { username: 'secadmin', name: '安全管理员', role: 'secadmin', staffNo: 'S9002', department: '信息科' },
  { username: 'auditor', name: '审计员', role: 'auditor', staffNo: 'S9003', department: '审计监察室' },
] as const

/** Demo data on an empty database only (DEMO_DATA=0 skips it). */
export async function seedDemo(services: Services) {
  if ((await services.staff.count()) > 0) return
  for (const s of DEMO_STAFF) {
    await services.staff.create(SYSTEM_CONTEXT, { ...s, password: DEMO_PASSWORD, totpSecret: DEMO_TOTP_SECRET })
  }
  for (const seed of demoSeeders) await seed(services)
}

/** Modules add their demo content here (catalog, citizens, cases, calendar...). */
const demoSeeders: ((s: Services) => Promise<void>)[] = [
  (s) => seedCatalog(s.catalog),
  (s) => s.cases.templates.seedDemo(),
  (s) => seedDemoCitizens(s, DEMO_PASSWORD),
  (s) => seedDemoRegistries(s.registries, { idNumber: DEMO_ID_NUMBER, uscc: DEMO_USCC }),
]
