import type { Page } from 'playwright-core'
import type { E2E } from './browser.js'
import { signIn, citizen, staffMember } from '../../support/fixtures.js'
import { ensureCatalog, submittedCase } from '../../support/cases.js'

/**
 * Every page of the portal, grouped by who can open it, for checks that visit them all (accessibility,
 * screenshots). `open(width)` gives a browser page signed in as that persona, cookie banner answered.
 */
export interface TourStop {
  who: string
  paths: string[]
  open(width: number): Promise<Page>
}

/** A browser page signed in as this citizen or staff member, with the cookie banner answered. */
export async function signedInPage(e: E2E, kind: 'citizen' | 'staff', id: number, width = 1280): Promise<Page> {
  const client = await signIn(e.ctx, kind, id)
  const page = await e.newPage({ width })
  await page.context().addCookies([...client.cookies].map(([name, value]) => ({ name, value, url: e.baseUrl })).concat([{ name: 'hall_cookie_choice', value: 'essential', url: e.baseUrl }]))
  return page
}

export async function pageTour(e: E2E): Promise<TourStop[]> {
  await ensureCatalog(e.ctx)
  const { citizen: a, ref } = await submittedCase(e.ctx)
  const unverified = await citizen(e.ctx, { verified: false })
  const signedIn = (kind: 'citizen' | 'staff', id: number) => (width: number) => signedInPage(e, kind, id, width)
  const stops: TourStop[] = [
    { who: 'anonymous', paths: ['/', '/services', '/services/talent-registration', '/register', '/login', '/staff/login', '/privacy-policy', '/accessibility', '/cookies', '/notices', '/no-such-page'], open: (width) => e.newPage({ width }) },
    { who: 'citizen', paths: ['/me', '/applications', `/applications/${ref}`, '/applications/new?service=talent-registration', '/me/data', '/me/consents', '/me/access-log', '/me/closure', '/me/messages', '/me/complaints', '/me/enterprise'], open: signedIn('citizen', a.id) },
    { who: 'unverified', paths: ['/me/identity'], open: signedIn('citizen', unverified.id) },
  ]
  for (const [role, paths] of [
    ['supervisor', ['/staff', '/staff/cases', `/staff/cases/${ref}`, '/staff/counter', '/staff/stats', '/staff/rectifications', '/staff/calendar', '/staff/corrections', '/admin/complaints']],
    ['sysadmin', ['/admin']],
    ['secadmin', ['/admin', '/admin/disclosures']],
    ['auditor', ['/admin/audit']],
  ] as const) {
    const s = await staffMember(e.ctx, role)
    stops.push({ who: role, paths: [...paths], open: signedIn('staff', s.id) })
  }
  return stops
}
