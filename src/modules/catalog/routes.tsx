import { Hono } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { AppError } from '../../lib/errors.js'
import { CATEGORIES } from './definitions.js'
import { localised } from './localise.js'
import { t } from '../../lib/i18n/index.js'
import { ServiceListPage, ServiceGuidePage } from '../../../views/catalog/pages.js'

/** The catalog: service list with search and categories, and each service's guide. */
export const catalogRoutes = new Hono<AppEnv>()

catalogRoutes.get('/', async (c) => {
  const q = (c.req.query('q') ?? '').slice(0, 50)
  const category = c.req.query('category') ?? ''
  const services = await c.get('services').catalog.list({ q, category })
  return c.render(<ServiceListPage services={services.map(localised)} q={q} category={category} categories={CATEGORIES} />, {
    title: t('办事服务'),
  })
})

catalogRoutes.get('/:code', async (c) => {
  const s = await c.get('services').catalog.get(c.req.param('code'))
  if (!s) throw new AppError('not_found', t('未找到该服务'))
  const shown = localised(s)
  return c.render(<ServiceGuidePage s={shown} />, { title: shown.name, description: shown.guide.summary })
})
