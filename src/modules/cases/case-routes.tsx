import { Hono } from 'hono'
import type { Context } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { formAction, formBody, formList, idParam } from '../../lib/forms.js'
import { t } from '../../lib/i18n/index.js'
import { CaseDetailPage } from '../../../views/cases/case.js'
import { safeFilename } from '../applications/storage.js'
import { canonical, localised } from '../catalog/localise.js'

/** The case page (mounted under /staff/cases by routes.tsx): detail, claim, decisions, payment, materials. */
export const caseDetailRoutes = new Hono<AppEnv>()

const REF = /^[A-Za-z0-9-]{1,40}$/

// Taken by someone else meanwhile: 409 on the case page, saying who holds it.
caseDetailRoutes.post('/:ref/claim', (c) =>
  formAction(c, {
    run: () => c.get('services').cases.claim(c.get('audit'), c.get('staff').id, c.req.param('ref')),
    done: () => `/staff/cases/${c.req.param('ref')}?claimed=1`,
    again: ({ message }) => detailPage(c, { message }),
  }),
)

export interface Confirmation {
  ref: string
  decision: string
  text: string
}

async function detailPage(
  c: Context<AppEnv>,
  extra: {
    errors?: Record<string, string>
    values?: Record<string, string>
    message?: string
    notice?: string
    confirmation?: Confirmation
    items?: string[]
    revealed?: { idNumber: string; bankAccount: string | null }
  } = {},
) {
  const svc = c.get('services')
  const detail = await svc.cases.detail(c.get('audit'), c.req.param('ref')!)
  const d = { ...detail, service: detail.service ? localised(detail.service) : null } // labels in the page's language
  const trace = await svc.decisions.evaluationOf(d.app.ref)
  // Tell us once: the applications module says which materials were reused, from which case, verified by whom.
  const reused = (await svc.materialReuse.provenanceOf(d.attachments.map((a) => a.id))).map((r) => {
    const a = d.attachments.find((x) => x.id === r.attachmentId)!
    return { ...r, filename: a.filename, label: d.service?.form.materials.find((m) => m.key === a.itemKey)?.label ?? a.itemKey }
  })
  return c.render(
    <CaseDetailPage
      {...d}
      trace={trace}
      reused={reused}
      roles={c.get('staffRoles')}
      isMine={d.app.assigneeStaffId === c.get('staff').id}
      {...extra}
    />,
    { title: d.app.ref, area: 'staff' },
  )
}

/** What the page says after a step (?done=<what>, and ?decided=<ref> when the next case opened instead). */
async function confirmationOf(c: Context<AppEnv>): Promise<Confirmation | undefined> {
  const done = c.req.query('done') ?? ''
  const ref = c.req.query('decided') ?? c.req.param('ref')!
  if (!done || !REF.test(ref)) return undefined
  const app = await c.get('services').applications.byRef(ref)
  if (!app) return undefined
  const texts: Record<string, () => string> = {
    accept: () =>
      t('办件 {ref} 已受理：法定办结期限 {deadline}（自受理次日起按工作日计算），已转入审核队列。', {
        ref,
        deadline: app.deadlineDate ?? '—',
      }),
    supplement: () => t('办件 {ref} 已发出一次性告知：等待申请人补正，补正期间不计时。', { ref }),
    approve: () => t('办件 {ref} 已审核通过，申请人已收到通知。', { ref }),
    reject: () => t('办件 {ref} 已作出不予通过决定，理由已告知申请人。', { ref }),
    refuse: () => t('办件 {ref} 已作出不予受理决定，理由和法律依据已告知申请人。', { ref }),
    revoke: () => t('办件 {ref} 的审核通过决定已撤销，申请人已收到通知。', { ref }),
    payment: () => t('办件 {ref} 的补贴发放已登记，申请人已收到通知。', { ref }),
    assign: () => t('办件 {ref} 已分派。', { ref }),
  }
  return texts[done] ? { ref, decision: done, text: texts[done]() } : undefined
}

caseDetailRoutes.get('/:ref', async (c) =>
  detailPage(c, { notice: c.req.query('claimed') ? t('已认领该办件') : undefined, confirmation: await confirmationOf(c) }),
)

// The unmasked numbers are shown on this answer only (never a redirect, never cached).
caseDetailRoutes.post('/:ref/reveal', (c) =>
  formAction(c, {
    run: (f) => c.get('services').cases.reveal(c.get('audit'), c.req.param('ref'), f.purpose ?? '', f.note ?? ''),
    done: (revealed) => {
      c.header('Cache-Control', 'no-store')
      return detailPage(c, { revealed })
    },
    again: (failure) => detailPage(c, failure),
  }),
)

/**
 * The ticked items of a decision, as the service takes them (key, label, the note typed beside each, and the extra
 * items typed by hand), and the form as kept on a re-render. A template picked without JS: its items are ticked and
 * its text is the notice when none was typed.
 */
async function decisionInput(c: Context<AppEnv>, ref: string) {
  const svc = c.get('services')
  const values = { ...(await formBody(c)) }
  let keys = await formList(c, 'items')
  const app = await svc.applications.byRef(ref)
  const service = app ? await svc.catalog.get(app.serviceCode) : null
  const template =
    values.template && /^\d{1,9}$/.test(values.template)
      ? (await svc.cases.templates.list(app?.serviceCode ?? '')).find((x) => x.id === Number(values.template))
      : undefined
  if (template && values.decision === 'supplement') {
    keys = [...new Set([...keys, ...template.items])]
    if (!(values.reason ?? '').trim()) values.reason = template.text
  }
  // the items are stored with their Chinese labels (pages show them by key in the reader's language)
  const source = service && canonical(service)
  const labels = Object.fromEntries([
    ...(source?.form.fields ?? []).map((x) => [x.name, x.label] as const),
    ...(source?.form.materials ?? []).map((m) => [m.key, m.label] as const),
  ])
  const items = keys
    .filter((k) => labels[k])
    .map((k) => ({ key: k, label: labels[k], note: (values[`note_${k}`] ?? '').trim().slice(0, 200) || undefined }))
  for (const extra of await formList(c, 'item_label'))
    if (extra.trim()) items.push({ key: `other_${items.length}`, label: extra.trim().slice(0, 60), note: undefined })
  return { values, keys, items }
}

caseDetailRoutes.post('/:ref/decision', async (c) => {
  const svc = c.get('services')
  const ref = c.req.param('ref')
  const me = { id: c.get('staff').id, roles: c.get('staffRoles') }
  const input = await decisionInput(c, ref)
  return formAction(c, {
    values: () => input.values,
    run: (f) =>
      svc.cases.decide(c.get('audit'), me, ref, {
        decision: f.decision ?? '',
        reason: f.reason ?? '',
        basis: f.basis ?? '',
        items: input.items,
      }),
    // After a decision the next case in this person's queue opens, with the confirmation of this one on it.
    done: async () => {
      const next = await svc.cases.nextFor(me, ref)
      const done = input.values.decision ?? ''
      return next ? `/staff/cases/${next}?decided=${ref}&done=${done}` : `/staff/cases/${ref}?done=${done}`
    },
    again: (failure) => detailPage(c, { ...failure, items: input.keys }),
  })
})

caseDetailRoutes.post('/:ref/payment', (c) => {
  if (!c.get('staffRoles').some((r) => r === 'reviewer' || r === 'supervisor')) return c.text('forbidden', 403)
  return formAction(c, {
    run: (f) =>
      c.get('services').cases.recordPayment(c.get('audit'), { id: c.get('staff').id }, c.req.param('ref'), {
        amount: (f.amount ?? '').trim(),
        date: (f.date ?? '').trim(),
        voucher: (f.voucher ?? '').trim(),
      }),
    done: () => `/staff/cases/${c.req.param('ref')}?done=payment`,
    again: (failure) => detailPage(c, failure),
  })
})

caseDetailRoutes.post('/:ref/assign', async (c) => {
  if (!c.get('staffRoles').includes('supervisor')) return c.text('forbidden', 403)
  const f = await formBody(c)
  await c.get('services').cases.assign(c.get('audit'), c.req.param('ref'), f.assignee ? idParam(f.assignee) : null)
  return c.redirect(`/staff/cases/${c.req.param('ref')}?done=assign`, 303)
})

caseDetailRoutes.get('/:ref/attachments/:id', async (c) => {
  const ref = c.req.param('ref')
  const a = await c.get('services').applications.attachmentForStaff(ref, idParam(c.req.param('id')))
  await c.get('services').audit.record(null, c.get('audit'), {
    action: 'case.viewed',
    subjectType: 'case',
    subjectId: ref,
    purpose: `下载材料 ${a.meta.filename}`,
  })
  return c.body(new Uint8Array(a.bytes), 200, {
    'content-type': a.meta.mime,
    'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(safeFilename(a.meta.filename, a.meta.mime))}`,
    'cache-control': 'private, no-store',
  })
})

/**
 * Inline preview of a PDF or image material in the case page's frame (docs/decisions/0206-material-preview.md).
 * The type is the one verified from the bytes at upload; nothing else (never HTML) is served inline. Images
 * are sandboxed; Chromium's PDF viewer refuses to run in any sandbox, so a PDF gets a CSP that lets the viewer
 * draw it and nothing else. Both may be framed only by our own pages.
 */
caseDetailRoutes.get('/:ref/materials/:id/preview', async (c) => {
  const ref = c.req.param('ref')
  const a = await c.get('services').cases.preview(c.get('audit'), ref, idParam(c.req.param('id')))
  const pdf = a.meta.mime === 'application/pdf'
  return c.body(new Uint8Array(a.bytes), 200, {
    'content-type': a.meta.mime,
    'content-security-policy': pdf
      ? "default-src 'none'; object-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
      : "sandbox; default-src 'none'; img-src 'self'; frame-ancestors 'self'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'SAMEORIGIN',
    'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(safeFilename(a.meta.filename, a.meta.mime))}`,
    'cache-control': 'private, no-store',
    'cross-origin-resource-policy': 'same-origin',
  })
})
