import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../support/context.js'
import { TestClient, type TestResponse } from '../support/client.js'
import { citizen, signIn, staffMember } from '../support/fixtures.js'
import { ensureCatalog, submittedCase, enterpriseCase } from '../support/cases.js'
import { STAFF_ROLES, type StaffRole } from '../../src/modules/identity/roles.js'
import { SYSTEM_CONTEXT } from '../../src/modules/audit/service.js'
import * as OTPAuth from 'otpauth'

/**
 * The access matrix: every route of the app's route table × every persona, against the expected
 * answer written down here. A route that is not in POLICY fails the first test, so a new route cannot
 * ship without someone deciding who may use it.
 *
 * Access words: `public` (everyone), `citizen` (any signed-in citizen), `owner` (only the citizen or
 * enterprise operator whose application/enterprise the path names; other citizens get 404 so a
 * reference number reveals nothing), `staff` (any staff member), or the staff roles that may.
 * Expected denials: a citizen page asked by anyone who is not a citizen → 303 to /login; a staff page
 * asked by someone who is not staff → 303 to /staff/login; a staff member without the role → 403.
 * Denied requests are sent with a valid CSRF token (so the route's own guard answers, not the CSRF
 * check) and must leave the database exactly as it was.
 */
const POLICY = `
GET  /favicon.ico                          public
GET  /healthz                              public
GET  /                                     public
GET  /accessibility                        public
GET  /register                             public
GET  /login                                public
GET  /services                             public
GET  /services/:code                       public
GET  /cookies                              public
GET  /privacy-policy                       public
GET  /privacy-policy/accept                public
GET  /notices                              public
GET  /notices/:id                          public
GET  /closure/:ref                         public
GET  /staff/login                          public
GET  /staff/activate                       public
GET  /verify/share/:token                  public
GET  /verify/:token/qr.svg                 public
GET  /verify/:token                        public
GET  /api/v1/openapi.json                  public
GET  /api/v1/jwks.json                     public
GET  /api/v1/certificates/:token           public
GET  /me/authorisations                    citizen
GET  /me/certificates                      citizen
GET  /me/certificates/:number/pdf          citizen
GET  /me                                   citizen
GET  /me/email/verify                      citizen
GET  /me/identity                          citizen
GET  /me/enterprise                        citizen
GET  /me/step-up                           citizen
GET  /me/messages                          citizen
GET  /me/data                              citizen
GET  /me/data/export                       citizen
GET  /me/data/summary                      citizen
GET  /me/access-log                        citizen
GET  /me/consents                          citizen
GET  /me/closure                           citizen
GET  /me/complaints                        citizen
GET  /applications/new                     citizen
GET  /applications                         citizen
GET  /applications/:ref                    owner
GET  /applications/:ref/attachments/:id    owner
GET  /staff                                staff
GET  /staff/password                       staff
GET  /staff/cases                          clerk reviewer supervisor
GET  /staff/cases/:ref                     clerk reviewer supervisor
GET  /staff/cases/:ref/attachments/:id     clerk reviewer supervisor
GET  /staff/counter                        clerk supervisor
GET  /staff/counter/apply                  clerk supervisor
GET  /staff/counter/closure/:ref           clerk supervisor
GET  /staff/corrections                    reviewer supervisor
GET  /staff/rectifications                 supervisor
GET  /staff/stats                          supervisor
GET  /staff/stats.csv                      supervisor
GET  /staff/calendar                       supervisor
GET  /staff/sampling                       supervisor
GET  /admin/complaints                     complaints supervisor
GET  /admin/complaints/:ref                complaints supervisor
GET  /admin                                sysadmin secadmin
GET  /admin/staff                          sysadmin secadmin
GET  /admin/disclosures                    secadmin
GET  /admin/audit                          auditor
GET  /admin/audit/export.csv               auditor
POST /prefs/care-mode                      public
POST /prefs/language                       public
POST /cookies                              public
POST /auth/sms-code                        public
POST /register                             public
POST /login                                public
POST /logout                               public
POST /staff/login                          public
POST /staff/logout                         public
POST /staff/activate                       public
POST /me/password                          citizen
POST /me/bank                              citizen
POST /me/phone                             citizen
POST /me/email                             citizen
POST /me/sessions/:id/revoke               owner
POST /me/identity                          citizen
POST /me/enterprise                        citizen
POST /me/enterprise/:id/operators          owner
POST /me/enterprise/:id/leave              owner
POST /me/enterprise/invitations/:id/accept citizen
POST /me/enterprise/invitations/:id/decline citizen
POST /me/acting-as                         citizen
POST /me/step-up                           citizen
POST /me/messages/:id/read                 citizen
POST /me/consents                          citizen
POST /me/corrections                       citizen
POST /me/closure                           citizen
POST /me/complaints                        citizen
POST /me/authorisations                    citizen
POST /me/certificates/:number/shares       citizen
POST /me/certificates/:number/shares/:id/revoke citizen
POST /privacy-policy/accept                citizen
POST /applications/validate                citizen
POST /applications/draft                   citizen
POST /applications                         citizen
POST /applications/:ref/withdraw           owner
POST /applications/:ref/rating             owner
POST /applications/:ref/resubmit           owner
POST /staff/password                       staff
POST /staff/cases/:ref/claim               clerk reviewer supervisor
POST /staff/cases/:ref/reveal              clerk reviewer supervisor
POST /staff/cases/:ref/decision            clerk reviewer supervisor
POST /staff/cases/:ref/payment             reviewer supervisor
POST /staff/cases/:ref/assign              supervisor
POST /staff/counter/lookup                 clerk supervisor
POST /staff/counter/register               clerk supervisor
POST /staff/counter/apply                  clerk supervisor
POST /staff/counter/closure                clerk supervisor
POST /staff/counter/closure/:ref/cancel    clerk supervisor
POST /staff/corrections/:id/decision       reviewer supervisor
POST /staff/rectifications/:id/close       supervisor
POST /staff/calendar                       supervisor
POST /staff/sampling/:ref/confirm          supervisor
POST /applications/prefill-dispute         citizen
POST /applications/reuse-material          citizen
POST /admin/complaints                     complaints supervisor
POST /admin/complaints/:ref/send-code      complaints supervisor
POST /admin/complaints/:ref/verify         complaints supervisor
POST /admin/complaints/:ref/notes          complaints supervisor
POST /admin/complaints/:ref/correction     complaints supervisor
POST /admin/complaints/:ref/resolve        complaints supervisor
POST /admin/staff                          sysadmin
POST /admin/staff/:id/disable              sysadmin
POST /admin/staff/:id/enable               sysadmin
POST /admin/staff/:id/reset-password       sysadmin
POST /admin/announcements                  sysadmin
POST /admin/staff/:id/roles                secadmin
POST /admin/settings                       secadmin
POST /admin/policies                       secadmin
POST /admin/incidents                      secadmin
POST /admin/incidents/:id/notify           secadmin
POST /admin/incidents/:id/close            secadmin
POST /admin/disclosures                    secadmin
POST /admin/audit/verify                   auditor
`
type Access = 'public' | 'citizen' | 'owner' | 'staff' | StaffRole
const policy = new Map<string, Access[]>(
  POLICY.trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .map(([method, path, ...access]) => [`${method} ${path}`, access as Access[]]),
)

const CITIZENS = ['citizenA', 'citizenB', 'operator'] as const
const PERSONAS = ['anonymous', ...CITIZENS, ...STAFF_ROLES] as const
type Persona = (typeof PERSONAS)[number]
const isCitizen = (p: Persona) => (CITIZENS as readonly string[]).includes(p)
const isStaff = (p: Persona) => (STAFF_ROLES as readonly string[]).includes(p)

let ctx: TestContext
const clients = {} as Record<Persona, TestClient>
/** The resources paths are filled with: citizen A's personal application, the operator's enterprise application. */
const owned: { owner: Persona; ref: string; attachment: number; session: string; enterprise?: number }[] = []
let staffTarget = 0

beforeAll(async () => {
  ctx = await createTestContext()
  await ensureCatalog(ctx)
  const a = await submittedCase(ctx)
  const e = await enterpriseCase(ctx)
  const b = await citizen(ctx)
  Object.assign(clients, { anonymous: new TestClient(ctx), citizenA: a.citizen.client, citizenB: b.client, operator: e.operator.client })
  for (const r of STAFF_ROLES) clients[r] = (await staffMember(ctx, r)).client
  staffTarget = (await staffMember(ctx, 'clerk')).id // what /admin/staff/:id/* act on, so no persona loses its account
  for (const [owner, userId, ref, enterprise] of [
    ['citizenA', a.citizen.id, a.ref, undefined],
    ['operator', e.operator.id, e.ref, e.enterpriseId],
  ] as const) {
    const app = await ctx.deps.db.selectFrom('applications').select('id').where('ref', '=', ref).executeTakeFirstOrThrow()
    const att = await ctx.deps.db.selectFrom('attachments').select('id').where('applicationId', '=', app.id).executeTakeFirstOrThrow()
    // a second signed-in device of the owner's, so revoking it does not sign the persona itself out
    const devices = () =>
      ctx.deps.db.selectFrom('sessions').select('id').where('subjectType', '=', 'citizen').where('subjectId', '=', userId).execute()
    const before = new Set((await devices()).map((d) => d.id))
    await signIn(ctx, 'citizen', userId)
    const device = (await devices()).find((d) => !before.has(d.id))!
    owned.push({ owner, ref, attachment: att.id, session: device.id, enterprise })
  }
})
afterAll(() => ctx.close())

interface Cell {
  method: 'GET' | 'POST'
  route: string
  url: string
  who: Persona
  allowed: boolean
  /** for `owner` routes: the persona whose resource the url names */
  owner?: Persona
}

function routeTable() {
  const seen = new Set<string>()
  return ctx.app.routes
    .filter((r) => (r.method === 'GET' || r.method === 'POST') && !r.path.includes('*'))
    .map((r) => `${r.method} ${r.path}`)
    .filter((k) => !seen.has(k) && seen.add(k))
}

/** Every route × persona, with `owner` routes once per owned resource. */
function cells(): Cell[] {
  const out: Cell[] = []
  for (const key of routeTable()) {
    const [method, route] = key.split(' ') as ['GET' | 'POST', string]
    const access = policy.get(key)!
    const targets = access.includes('owner') ? owned : [owned[0]]
    for (const t of targets) {
      const url = route
        .replace(':ref', t.ref)
        .replace(':code', 'talent-registration')
        .replace(/^\/admin\/staff\/:id/, `/admin/staff/${staffTarget}`)
        .replace(/^\/me\/enterprise\/:id/, `/me/enterprise/${owned[1].enterprise}`)
        .replace(/attachments\/:id/, `attachments/${t.attachment}`)
        .replace(/^\/me\/sessions\/:id/, `/me/sessions/${t.session}`)
        .replace(/:id/g, '1')
      const owner = access.includes('owner') ? (route.startsWith('/me/enterprise') ? 'operator' : t.owner) : undefined
      for (const who of PERSONAS) {
        const allowed =
          access.includes('public') ||
          (access.includes('citizen') && isCitizen(who)) ||
          (access.includes('owner') && who === owner) ||
          (access.includes('staff') && isStaff(who)) ||
          (access as string[]).includes(who)
        out.push({ method, route, url, who, allowed, owner })
      }
    }
  }
  return out
}

const send = (c: Cell) => (c.method === 'GET' ? clients[c.who].get(c.url) : clients[c.who].post(c.url))
const citizenArea = (access: Access[]) => access.includes('citizen') || access.includes('owner')
const show = (c: Cell, r: TestResponse) => `${c.who.padEnd(10)} ${c.method} ${c.url} → ${r.status}${r.location ? ` ${r.location}` : ''}`

/** The expected denial for a persona that may not use the route. */
function deniedAs(c: Cell, r: TestResponse): boolean {
  const access = policy.get(`${c.method} ${c.route}`)!
  if (citizenArea(access)) {
    if (isCitizen(c.who)) return r.status === 404 // someone else's application or enterprise
    return r.status === 303 && (r.location ?? '').startsWith('/login')
  }
  if (!isStaff(c.who)) return r.status === 303 && (r.location ?? '').startsWith('/staff/login')
  return r.status === 403
}

async function snapshot(): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (const t of await ctx.deps.db.introspection.getTables()) {
    // a denied request may still record who was seen: the audit trail and the session's last-seen time
    if (['audit_log', 'audit_head', 'sessions'].includes(t.name)) continue
    const rows = await ctx.deps.db
      .selectFrom(t.name as never)
      .selectAll()
      .execute()
    out.set(t.name, JSON.stringify(rows.map((r) => JSON.stringify(r)).sort()))
  }
  return out
}

describe('access matrix: every route × every persona', () => {
  it('every route in the route table has a written-down policy, and every policy line is a route', () => {
    const routes = routeTable()
    expect(routes.filter((k) => !policy.has(k))).toEqual([])
    expect([...policy.keys()].filter((k) => !routes.includes(k))).toEqual([])
  })

  it('personas without access get the expected denial, and the denied requests change nothing', async () => {
    const before = await snapshot()
    expect(before.size).toBeGreaterThan(20)
    const wrong: string[] = []
    let n = 0
    for (const c of cells().filter((c) => !c.allowed)) {
      const r = await send(c)
      n++
      if (!deniedAs(c, r)) wrong.push(show(c, r))
    }
    expect(wrong).toEqual([])
    expect(n).toBeGreaterThan(700)
    const after = await snapshot()
    expect([...after].filter(([t, rows]) => before.get(t) !== rows).map(([t]) => t)).toEqual([])
  }, 120_000) // ~800 requests: about 26 s on MariaDB alone, more when other files run beside it

  it('personas with access are let through: the owner reads their application, nobody allowed is sent to a login or refused', async () => {
    const wrong: string[] = []
    const signOut = new Set(['/logout', '/staff/logout'])
    const allowed = cells().filter((c) => c.allowed && !(c.method === 'POST' && signOut.has(c.route)))
    // reads first, so an allowed POST (a withdrawal, a disabled account) cannot change what a read expects
    for (const c of [...allowed.filter((c) => c.method === 'GET'), ...allowed.filter((c) => c.method === 'POST')]) {
      const r = await send(c)
      const access = policy.get(`${c.method} ${c.route}`)!
      const toLogin = r.status === 303 && /^\/(staff\/)?login/.test(r.location ?? '') && !access.includes('public')
      if (r.status >= 500 || r.status === 403 || toLogin) wrong.push(show(c, r))
      if (c.method === 'GET' && c.owner && r.status !== 200) wrong.push(`${show(c, r)} (owner)`)
    }
    expect(wrong).toEqual([])
  }, 120_000)
})

describe('access matrix across role changes (grant, revoke, a session live across the change)', () => {
  /** Every staff page without a parameter, answered as the policy says for `roles`. */
  async function matches(client: TestClient, roles: string[]) {
    const wrong: string[] = []
    for (const key of routeTable().filter((k) => k.startsWith('GET /staff') || k.startsWith('GET /admin'))) {
      const route = key.slice(4)
      if (route.includes(':') || route === '/staff/login' || route === '/staff/activate') continue
      const access = policy.get(key)!
      const allowed = access.includes('staff') || roles.some((r) => (access as string[]).includes(r))
      const r = await client.get(route)
      const toLogin = r.status === 303 && (r.location ?? '').startsWith('/staff/login')
      const ok = allowed ? r.status !== 403 && r.status < 500 && !toLogin : r.status === 403
      if (!ok) wrong.push(`${roles.join('+')} GET ${route} → ${r.status} ${r.location ?? ''}`)
    }
    return wrong
  }
  /** A session that was live across a change: every staff page sends it to sign in again. */
  async function dead(client: TestClient) {
    const r = await client.get('/staff')
    return r.status === 303 && (r.location ?? '').startsWith('/staff/login')
  }
  const signInWith = async (username: string, password: string, totp = '') => {
    const c = new TestClient(ctx)
    const r = await c.post('/staff/login', { username, password, totp })
    return { c, status: r.status }
  }

  it('a grant and a revoke end the live session; the next sign-in gets exactly the new set of roles', async () => {
    const phone = `137${String(Date.now()).slice(-8)}`
    const { id } = await ctx.services.staff.create(SYSTEM_CONTEXT, {
      username: 'mover',
      password: 'Mover2026x',
      role: 'clerk',
      name: '调岗',
      phone,
    })
    const sec = clients.secadmin
    const l1 = await signInWith('mover', 'Mover2026x')
    expect(l1.status).toBe(303)
    expect(await matches(l1.c, ['clerk'])).toEqual([])

    expect((await sec.post(`/admin/staff/${id}/roles`, { role: 'reviewer', op: 'grant' })).status).toBe(303) // grant
    expect(await dead(l1.c)).toBe(true)
    const l2 = await signInWith('mover', 'Mover2026x')
    expect(await matches(l2.c, ['clerk', 'reviewer'])).toEqual([])

    expect((await sec.post(`/admin/staff/${id}/roles`, { role: 'clerk', op: 'revoke' })).status).toBe(303) // revoke
    expect(await dead(l2.c)).toBe(true)
    const l3 = await signInWith('mover', 'Mover2026x')
    expect(await matches(l3.c, ['reviewer'])).toEqual([])

    // to an admin role: the live session ends, a password alone no longer signs in, TOTP enrolled by the holder does
    expect((await sec.post(`/admin/staff/${id}/roles`, { role: 'reviewer', op: 'revoke' })).status).toBe(303)
    expect((await sec.post(`/admin/staff/${id}/roles`, { role: 'auditor', op: 'grant' })).status).toBe(303)
    expect(await dead(l3.c)).toBe(true)
    expect((await signInWith('mover', 'Mover2026x')).status).toBe(422)
    const token = ctx.sms.sent
      .filter((m) => m.to === phone)
      .at(-1)!
      .text.match(/token=([0-9a-f]{64})/)![1]
    const holder = new TestClient(ctx)
    const page = await holder.get(`/staff/activate?token=${token}`)
    const secret = page.text.match(/data-qa="totp-secret">([A-Z2-7]+)</)![1]
    const totp = (at: number) =>
      new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp: at })
    expect(
      (
        await holder.post('/staff/activate', {
          token,
          password: 'Mover2026y',
          confirm: 'Mover2026y',
          totp: totp(ctx.clock.now().getTime()),
        })
      ).status,
    ).toBe(200)
    const l4 = await signInWith('mover', 'Mover2026y', totp(ctx.clock.now().getTime() + 30_000))
    expect(l4.status).toBe(303)
    expect(await matches(l4.c, ['auditor'])).toEqual([])
  })
})
