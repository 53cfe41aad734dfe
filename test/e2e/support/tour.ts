import { SYSTEM_CONTEXT } from '../../../src/modules/audit/service.js'
import type { Page } from 'playwright-core'
import type { E2E } from './browser.js'
import { signIn, citizen, staffMember } from '../../support/fixtures.js'
import { TestClient } from '../../support/client.js'
import { ensureCatalog, submittedCase, enterpriseCase } from '../../support/cases.js'

/**
 * Every page of the portal, grouped by who can open it, for checks that visit them all (accessibility,
 * screenshots). `open(width)` gives a browser page signed in as that persona, cookie banner answered.
 */
export interface TourStop {
  who: string
  paths: string[]
  /** the answer these pages give (default 200); error pages are toured too */
  status?: number
  open(width: number): Promise<Page>
  /** The same persona as an app.request() client (for checks that need no browser, e.g. test/quality/i18n-pages). */
  client(): Promise<TestClient>
}

/** What pageTour needs of the harness: the context, and a browser only when a stop is opened. */
export type TourHost = Pick<E2E, 'ctx' | 'newPage' | 'baseUrl'>

/** A client signed in as this persona (no browser), cookie banner answered, as `signedInPage` gives. */
export async function signedInClient(
  ctx: E2E['ctx'],
  kind: 'citizen' | 'staff',
  id: number,
  prepare?: (client: TestClient) => Promise<unknown>,
): Promise<TestClient> {
  const client = await signIn(ctx, kind, id)
  await prepare?.(client)
  client.cookies.set('hall_cookie_choice', 'essential')
  return client
}

/**
 * A browser page signed in as this citizen or staff member, with the cookie banner answered;
 * `prepare` may act on the fresh session first (for instance switch to acting for an enterprise).
 */
export async function signedInPage(
  e: TourHost,
  kind: 'citizen' | 'staff',
  id: number,
  width = 1280,
  prepare?: (client: TestClient) => Promise<unknown>,
): Promise<Page> {
  const client = await signIn(e.ctx, kind, id)
  await prepare?.(client)
  const page = await e.newPage({ width })
  await page
    .context()
    .addCookies(
      [...client.cookies]
        .map(([name, value]) => ({ name, value, url: e.baseUrl }))
        .concat([{ name: 'hall_cookie_choice', value: 'essential', url: e.baseUrl }]),
    )
  return page
}

export async function pageTour(e: TourHost): Promise<TourStop[]> {
  await ensureCatalog(e.ctx)
  const { citizen: a, ref } = await submittedCase(e.ctx)
  const unverified = await citizen(e.ctx, { verified: false })
  const supplement = await submittedCase(e.ctx, 'housing-subsidy')
  const enterprise = await enterpriseCase(e.ctx)
  const staff = Object.fromEntries(
    await Promise.all(
      ['clerk', 'supervisor', 'complaints', 'sysadmin', 'secadmin', 'auditor'].map(async (r) => [r, await staffMember(e.ctx, r)] as const),
    ),
  )
  // the records the remaining pages show: a supplement request, a phone complaint, a public incident notice, a closure at the counter
  await staff.supervisor.client.post(`/staff/cases/${supplement.ref}/decision`, {
    decision: 'supplement',
    reason: '请一次性补正以下两项',
    items: ['rental_address', 'rental_contract'],
    note_rental_contract: '缺少签字页',
  })
  const call = await staff.complaints.client.post('/admin/complaints', {
    caller_phone: a.phone,
    caller_name: '张先生',
    category: '办件进度',
    description: '办了好久还没受理',
    related_ref: ref,
    priority: '普通',
  })
  await staff.secadmin.client.post('/admin/incidents', {
    title: '短信服务商数据泄露',
    what_happened: '服务商系统遭入侵',
    data_categories: '手机号码',
    occurred_at: '2026-11-20T10:00',
    impact: '可能收到诈骗短信',
    measures: '已更换服务商',
    advice: '警惕冒充短信',
    remedies: '免费咨询',
    affected: a.phone,
  })
  const incident = await e.ctx.deps.db.selectFrom('incidents').select('id').executeTakeFirstOrThrow()
  await staff.secadmin.client.post(`/admin/incidents/${incident.id}/notify`)
  const leaving = await citizen(e.ctx, { realName: '王小明' })
  const closure = await staff.clerk.client.post('/staff/counter/closure', {
    real_name: '王小明',
    id_number: leaving.idNumber,
    verification_method: '身份证读卡器',
    note: '本人到场',
  })
  const closureRef = closure.location!.split('/').pop()!
  const signedIn = (kind: 'citizen' | 'staff', id: number) => ({
    open: (width: number) => signedInPage(e, kind, id, width),
    client: () => signedInClient(e.ctx, kind, id),
  })
  const actAs = (c: TestClient) => c.post('/me/acting-as', { enterprise_id: String(enterprise.enterpriseId) })
  const anonymous = {
    open: (width: number) => e.newPage({ width }),
    client: () => {
      const c = new TestClient(e.ctx)
      c.cookies.set('hall_cookie_choice', 'essential')
      return Promise.resolve(c)
    },
  }
  const stops: TourStop[] = [
    {
      who: 'anonymous',
      paths: [
        '/',
        '/services',
        '/services/talent-registration',
        '/register',
        '/login',
        '/password/reset',
        '/staff/login',
        '/privacy-policy',
        '/accessibility',
        '/cookies',
        '/notices',
        `/notices/${incident.id}`,
        `/closure/${closureRef}`,
      ],
      ...anonymous,
    },
    { who: 'anonymous', paths: ['/no-such-page'], status: 404, ...anonymous },
    {
      who: 'citizen',
      paths: [
        '/me',
        '/me?signed_in=1',
        '/me/account',
        '/applications',
        `/applications/${ref}`,
        '/applications/new?service=talent-registration',
        '/me/data',
        '/me/consents',
        '/me/access-log',
        '/me/authorisations',
        '/me/certificates',
        '/me/closure',
        '/me/messages',
        '/me/complaints',
        '/me/enterprise',
        '/me/step-up',
      ],
      ...signedIn('citizen', a.id),
    },
    { who: 'unverified', paths: ['/me/identity'], ...signedIn('citizen', unverified.id) },
    { who: 'supplement', paths: [`/applications/${supplement.ref}`], ...signedIn('citizen', supplement.citizen.id) },
    {
      who: 'operator',
      paths: ['/me/enterprise', '/applications/new?service=enterprise-talent-subsidy', `/applications/${enterprise.ref}`],
      open: (width) => signedInPage(e, 'citizen', enterprise.operator.id, width, actAs),
      client: () => signedInClient(e.ctx, 'citizen', enterprise.operator.id, actAs),
    },
  ]
  // 帮办代办 takes the signed visit a counter look-up gives the staff member who made it (issue 16 item 6).
  const found = await e.ctx.services.counter.lookup(SYSTEM_CONTEXT, staff.supervisor.id, { idNumber: a.idNumber, method: '身份证读卡器' })
  for (const [role, paths] of [
    [
      'supervisor',
      [
        '/staff',
        '/staff/cases',
        `/staff/cases/${ref}`,
        `/staff/cases/${supplement.ref}`,
        '/staff/counter',
        `/staff/counter/apply?visit=${found!.visit}&service=talent-registration`,
        `/staff/counter/closure/${closureRef}`,
        '/staff/stats',
        '/staff/rectifications',
        '/staff/calendar',
        '/staff/sampling',
        '/staff/templates',
        '/staff/corrections',
        '/admin/complaints',
        `/admin/complaints/${call.location!.split('/').pop()}`,
        '/staff/password',
      ],
    ],
    ['sysadmin', ['/admin', '/admin/staff']],
    ['secadmin', ['/admin', '/admin/staff', '/admin/disclosures']],
    ['auditor', ['/admin/audit']],
  ] as const) {
    stops.push({ who: role, paths: [...paths], ...signedIn('staff', staff[role].id) })
  }
  stops.push({ who: 'clerk', paths: ['/admin'], status: 403, ...signedIn('staff', staff.clerk.id) })
  return stops
}
