import { Hono } from 'hono'
import type { Context } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { formAction, idParam } from '../../lib/forms.js'
import { CorrectionsPage } from '../../../views/cases/supervisor.js'

/** Review of citizens' identity-correction requests (mounted at /staff/corrections, reviewer or supervisor). */
export const correctionReviewRoutes = new Hono<AppEnv>()

async function corrections(
  c: Context<AppEnv>,
  extra: { values?: Record<string, string>; errors?: Record<string, string>; message?: string; notice?: string } = {},
) {
  const svc = c.get('services')
  const pending = await svc.privacy.pendingCorrections()
  const list = await Promise.all(pending.map(async (x) => ({ ...x, value: await svc.privacy.correctionValue(x.id) })))
  for (const x of list)
    await svc.audit.record(null, c.get('audit'), {
      action: 'case.viewed',
      subjectType: 'citizen',
      subjectId: x.userId,
      purpose: '审核更正申请',
    })
  return c.render(<CorrectionsPage list={list} {...extra} />, { title: '更正申请审核', area: 'staff' })
}
correctionReviewRoutes.get('/', (c) => corrections(c, { notice: c.req.query('done') ? '已处理' : undefined }))
correctionReviewRoutes.post('/:id/decision', (c) =>
  formAction(c, {
    run: (f) =>
      c
        .get('services')
        .privacy.decideCorrection(c.get('audit'), c.get('staff').id, idParam(c.req.param('id')), f.decision === 'approve', f.note ?? ''),
    done: () => '/staff/corrections?done=1',
    again: (failure) => corrections(c, failure),
  }),
)
