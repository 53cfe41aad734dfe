import { Hono } from 'hono'
import type { Context } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { formAction, formList, idParam } from '../../lib/forms.js'
import { t } from '../../lib/i18n/index.js'
import { TemplatesPage } from '../../../views/cases/templates.js'
import { localised } from '../catalog/localise.js'

/** Supervisors manage the supplement-reason templates (mounted at /staff/templates, supervisor only). */
export const templateRoutes = new Hono<AppEnv>()

async function page(c: Context<AppEnv>, extra: Omit<Parameters<typeof TemplatesPage>[0], 'list' | 'services'> = {}) {
  const svc = c.get('services')
  return c.render(
    <TemplatesPage list={await svc.cases.templates.list()} services={(await svc.catalog.list()).map(localised)} {...extra} />,
    {
      title: t('补正告知模板'),
      area: 'staff',
    },
  )
}

templateRoutes.get('/', (c) =>
  page(c, { notice: c.req.query('done') === 'added' ? t('模板已保存') : c.req.query('done') === 'removed' ? t('模板已删除') : undefined }),
)

templateRoutes.post('/', async (c) => {
  const items = await formList(c, 'items')
  return formAction(c, {
    run: (f) =>
      c.get('services').cases.templates.add(c.get('audit'), c.get('staff').id, {
        serviceCode: f.service ?? '',
        title: f.title ?? '',
        text: f.text ?? '',
        items,
      }),
    done: () => '/staff/templates?done=added',
    again: (failure) => page(c, { ...failure, items }),
  })
})

templateRoutes.post('/:id/delete', async (c) => {
  await c.get('services').cases.templates.remove(c.get('audit'), idParam(c.req.param('id')))
  return c.redirect('/staff/templates?done=removed', 303)
})
