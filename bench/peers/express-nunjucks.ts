import express from 'express'
import nunjucks from 'nunjucks'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { jwtVerify } from 'jose'
import type { Kysely } from 'kysely'
import type { Database } from '../../src/db/database.js'
import type { FieldCrypto } from '../../src/lib/crypto.js'
import { maskPhone } from '../../src/lib/crypto.js'
import { asset } from '../../src/lib/assets.js'
import { formatCst } from '../../src/lib/time.js'
import { maskCsrf } from '../../src/middleware/csrf.js'
import { STATUS_LABELS, STATUS_TONES } from '../../src/modules/applications/lifecycle.js'

/**
 * The peer for the dashboard benchmark: the same "my applications" page done the conventional way
 * (Express 5 + Nunjucks), reading the same database with the same queries and the same session check, and sending
 * the same page: the portal's full layout (hashed asset names, navigation with icons, masked phone, footer), the
 * rows with their status labels and tones and Beijing times, and a freshly masked CSRF token in every response
 * (test/bench/run.ts checks that it holds the newest case and prints both sizes).
 */
export function createPeerApp(db: Kysely<Database>, crypto: Pick<FieldCrypto, 'tokenKey' | 'hmac'>) {
  const app = express()
  const { tokenKey } = crypto
  const env = nunjucks.configure(path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'), { autoescape: true, noCache: false })
  env.addFilter('cst', (t: string) => formatCst(t))
  const assets = {
    appCss: asset('app.css'),
    portalCss: asset('portal.css'),
    htmx: asset('vendor/htmx.min.js'),
    enhance: asset('enhance.js'),
  }
  app.get('/applications', async (req, res) => {
    const m = /(?:^|;\s*)hall_session=([^;]+)/.exec(req.headers.cookie ?? '')
    if (!m) return res.redirect(303, '/login')
    let sid: string
    try {
      sid = String((await jwtVerify(m[1], tokenKey, { algorithms: ['HS256'] })).payload.sid)
    } catch {
      return res.redirect(303, '/login')
    }
    const now = new Date().toISOString()
    const s = await db.selectFrom('sessions').selectAll().where('id', '=', sid).executeTakeFirst()
    if (!s || s.revokedAt || s.expiresAt <= now) return res.redirect(303, '/login')
    const user = await db.selectFrom('users').selectAll().where('id', '=', s.subjectId).executeTakeFirst()
    if (!user) return res.redirect(303, '/login')
    const unread = await db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('userId', '=', user.id)
      .where('readAt', 'is', null)
      .executeTakeFirst()
    const ents = await db.selectFrom('enterpriseOperators').select('enterpriseId').where('userId', '=', user.id).execute()
    const apps = await db
      .selectFrom('applications')
      .selectAll()
      .where('applicantUserId', '=', user.id)
      .orderBy('id', 'desc')
      .limit(200)
      .execute()
    const drafts = await db.selectFrom('drafts').selectAll().where('userId', '=', user.id).execute()
    const services = await db.selectFrom('services').select(['code', 'name']).execute()
    const names = Object.fromEntries(services.map((x) => [x.code, x.name]))
    const csrfRaw = /(?:^|;\s*)hall_csrf=([^;]+)/.exec(req.headers.cookie ?? '')?.[1] ?? ''
    const csrf = maskCsrf(crypto.hmac('csrf', csrfRaw))
    const care = /(?:^|;\s*)hall_care=1/.test(req.headers.cookie ?? '')
    res.send(
      env.render('applications.njk', {
        apps,
        drafts,
        names,
        unread: Number(unread?.n ?? 0),
        phone: maskPhone(user.phone ?? ''),
        ents: ents.length,
        csrf,
        assets,
        bodyClass: care ? 'care' : '',
        labels: STATUS_LABELS,
        tones: STATUS_TONES,
      }),
    )
  })
  return app
}
