import express from 'express'
import nunjucks from 'nunjucks'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { jwtVerify } from 'jose'
import type { Kysely } from 'kysely'
import type { Database } from '../../src/db/database.js'

/**
 * The peer for the dashboard benchmark: the same "my applications" page done the conventional way
 * (Express 5 + Nunjucks), reading the same database with the same queries and the same session check.
 */
export function createPeerApp(db: Kysely<Database>, tokenKey: Uint8Array) {
  const app = express()
  const env = nunjucks.configure(path.join(path.dirname(fileURLToPath(import.meta.url)), 'views'), { autoescape: true, noCache: false })
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
    res.send(env.render('applications.njk', { apps, drafts, names, unread: Number(unread?.n ?? 0), phone: user.phone, ents: ents.length }))
  })
  return app
}
