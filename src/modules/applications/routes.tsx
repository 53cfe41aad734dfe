import { t } from '../../lib/i18n/index.js'
import { Hono } from 'hono'
import { canonical, localised } from '../catalog/localise.js'
import type { Context } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { AppError } from '../../lib/errors.js'
import { formAction, formBody, formError, parsedBody } from '../../lib/forms.js'
import { idParam } from '../../lib/forms.js'
import { today } from '../../lib/time.js'
import type { Upload } from './service.js'
import type { CatalogService } from '../catalog/service.js'
import { validateField } from './forms.js'
import { ApplicationFormPage, CheckAnswersPage, NotEligiblePage, FieldInput, type Applicant } from '../../../views/applications/form.js'
import { MyApplicationsPage, ApplicationDetailPage } from '../../../views/applications/pages.js'
import { safeFilename } from './storage.js'

/** Citizen side of applications (mounted at /applications): form, drafts, check answers, submit, follow, supplement, withdraw, rate. */
export const applicationRoutes = new Hono<AppEnv>()

async function uploadsFrom(c: Context<AppEnv>): Promise<Upload[]> {
  const body = await parsedBody(c)
  const out: Upload[] = []
  for (const [k, v] of Object.entries(body)) {
    if (!k.startsWith('file_')) continue
    for (const f of Array.isArray(v) ? v : [v]) {
      if (f instanceof File && f.size > 0) out.push({ key: k.slice(5), filename: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })
    }
  }
  return out
}

/** The verified bank account a subsidy is paid to, as the form shows it (masked). */
const payeeOf = (user: { bankName?: string | null; bankAccountMasked?: string | null }) =>
  `${user.bankName ?? ''} ${user.bankAccountMasked ?? ''}`

const acting = (c: Context<AppEnv>) => c.get('principal')!.session.actingEnterpriseId

/**
 * What the registries know for this form (verified citizens, services with prefill): values with provenance,
 * waived materials, and the pre-check of the service's rules on that data (智能预审).
 */
async function prefillOf(c: Context<AppEnv>, s: CatalogService, answers: Record<string, string> = {}) {
  const svc = c.get('services')
  const user = c.get('citizen')
  if (!user.verifiedAt) return null
  if (s.applicantKind === 'enterprise') return enterpriseChecksOf(c, s, answers)
  const p = await svc.registries.prefill(c.get('audit'), user, s.code, canonical(s).name)
  if (!p) return null
  const precheck = svc.rules.evaluate(s.code, today(svc.deps.clock), p.facts)
  const labels = new Map(s.form.materials.map((m) => [m.key, m.label]))
  return {
    data: p,
    view: { provenance: p.provenance, sources: p.sources, waived: p.waived.map((w) => ({ ...w, label: labels.get(w.key) ?? w.key })) },
    precheck: precheck && { version: precheck.version, rules: precheck.rules, instant: precheck.instant },
  }
}

/** The enterprise talent subsidy: the enterprise registry (存续) and the listed employees' social insurance (decision 0211). */
async function enterpriseChecksOf(c: Context<AppEnv>, s: CatalogService, answers: Record<string, string>) {
  const svc = c.get('services')
  const id = acting(c)
  const e = id ? await svc.identity.enterpriseById(id) : undefined
  if (!e || !svc.rules.hasRules(s.code, today(svc.deps.clock))) return null
  const user = c.get('citizen')
  const authorised = await svc.registries.enterpriseAuthorised(user.id, e.id)
  const p = authorised
    ? await svc.registries.enterprisePrefill(c.get('audit'), {
        userId: user.id,
        enterprise: { id: e.id, uscc: e.uscc },
        employees: answers.employees ?? '',
        serviceName: canonical(s).name, // the audit purpose is stored in Chinese
      })
    : null
  const facts = p?.facts ?? {}
  const precheck = svc.rules.evaluate(s.code, today(svc.deps.clock), facts)
  return {
    data: { values: {}, provenance: {}, facts, waived: [], sources: p?.sources ?? [] },
    view: null,
    enterprise: { authorised, status: p?.status ?? null, employees: p?.employees ?? [], sources: p?.sources ?? [] },
    precheck: precheck && { version: precheck.version, rules: precheck.rules, instant: precheck.instant },
  }
}

async function formPage(
  c: Context<AppEnv>,
  code: string,
  extra: { values?: Record<string, string>; errors?: Record<string, string>; message?: string; notice?: string; status?: number } = {},
) {
  const svc = c.get('services')
  const s = await svc.catalog.get(code)
  if (!s) throw new AppError('not_found', t('未找到该服务'))
  const user = c.get('citizen')
  const el = await svc.applications.eligibility(user, s, acting(c))
  if (!el.ok) {
    c.status(403)
    return c.render(<NotEligiblePage s={s} reason={el.reason} link={el.link} linkLabel={el.linkLabel} />, { title: s.name })
  }
  const draft = await svc.applications.openDraft(user.id, s.code, s.applicantKind === 'enterprise' ? acting(c) : null)
  const pre = await prefillOf(c, s, extra.values ?? draft.answers)
  // Tell us once: materials staff verified in an earlier case, offered instead of an upload.
  const reusable = await svc.materialReuse.offers(user.id, draft.formToken)
  const reusedFrom = Object.fromEntries(
    (await svc.materialReuse.provenanceOf(draft.attachments.map((a) => a.id))).map((r) => [
      draft.attachments.find((a) => a.id === r.attachmentId)!.itemKey,
      r.fromRef,
    ]),
  )
  if (extra.status) c.status(extra.status as 422)
  return c.render(
    <ApplicationFormPage
      s={localised(s)}
      formToken={draft.formToken}
      values={{ ...(extra.values ?? draft.answers), ...(pre?.data.values ?? {}) }}
      prefill={pre?.view}
      enterpriseChecks={pre && 'enterprise' in pre ? pre.enterprise : undefined}
      precheck={pre?.precheck}
      reusable={reusable}
      reusedFrom={reusedFrom}
      errors={extra.errors}
      message={extra.message ?? (s.status !== 'online' ? t('该服务暂停网上办理，您可以先保存草稿。') : undefined)}
      attachments={draft.attachments}
      payee={payeeOf(user)}
      notice={extra.notice}
      applicant={await applicantOf(c, s)}
    />,
    { title: t('{name} - 在线申请', { name: s.name }) },
  )
}

/** Who the application is made for, shown above the form and on check-your-answers: the person, or the enterprise they act for. */
async function applicantOf(c: Context<AppEnv>, s: CatalogService): Promise<Applicant> {
  const user = c.get('citizen')
  const id = acting(c)
  const e = s.applicantKind === 'enterprise' && id ? await c.get('services').identity.enterpriseById(id) : undefined
  return e ? { name: e.name, uscc: e.uscc, enterprise: true } : { name: user.realName ?? '', enterprise: false }
}

applicationRoutes.get('/new', async (c) =>
  formPage(c, c.req.query('service') ?? '', {
    notice: c.req.query('reused') ? t('已使用经工作人员核验的材料，无需重新上传。') : undefined,
  }),
)

/** htmx: validate one field as the user leaves it; returns the field fragment. */
applicationRoutes.post('/validate', async (c) => {
  const f = await formBody(c)
  const s = await c.get('services').catalog.get(f.service ?? '')
  const trigger = c.req.header('hx-trigger-name') ?? ''
  const field = s?.form.fields.find((x) => x.name === trigger)
  if (!s || !field) return c.body(null, 204)
  const err = validateField(field, (f[field.name] ?? '').trim(), today(c.get('services').deps.clock))
  const shown = localised(s).form.fields.find((x) => x.name === trigger) ?? field
  return c.html(<FieldInput f={shown} value={f[field.name]} error={err ?? undefined} />)
})

applicationRoutes.post('/draft', async (c) => {
  const f = await formBody(c)
  const svc = c.get('services')
  const { errors } = await svc.applications.saveDraft(c.get('citizen').id, f.form_token ?? '', stripMeta(f), await uploadsFrom(c))
  if (c.req.header('hx-request')) return c.body(null, 204)
  return formPage(c, f.service ?? '', {
    values: f,
    errors,
    notice: Object.keys(errors).length ? undefined : t('草稿已保存，可随时在“我的办件”中继续填写'),
    status: Object.keys(errors).length ? 422 : 200,
  })
})

function stripMeta(f: Record<string, string>) {
  const { _csrf, form_token, service, step, payee_confirm, ...rest } = f
  void _csrf
  void payee_confirm
  void form_token
  void service
  void step
  return rest
}

applicationRoutes.post('/', async (c) => {
  const f = await formBody(c)
  const svc = c.get('services')
  const user = c.get('citizen')
  const uploads = await uploadsFrom(c)
  const values = stripMeta(f)
  const service = await svc.catalog.get(f.service ?? '')
  // Authoritative values are the registry's, whatever was posted (a changed read-only field is replaced).
  const pre = service ? await prefillOf(c, service, values) : null
  Object.assign(values, pre?.data.values ?? {})
  try {
    if (f.step === 'check') {
      // Check-your-answers: validate, keep files with the draft, show the summary.
      const s = await svc.catalog.get(f.service ?? '')
      if (!s) throw new AppError('invalid', t('请选择服务'), { service: t('服务不存在') })
      const { errors, attachments } = await svc.applications.saveDraft(user.id, f.form_token ?? '', values, uploads)
      const { validateAnswers } = await import('./forms.js')
      const v = validateAnswers(s.form, values, today(svc.deps.clock))
      Object.assign(errors, await svc.applications.claimErrors(user.id, acting(c), s, v.answers), v.errors)
      if (Object.keys(errors).length) throw new AppError('invalid', t('提交的信息有误，请按提示修改'), errors)
      const waived = new Set(pre?.data.waived.map((w) => w.key))
      const missing = s.form.materials
        .filter((m) => m.required && !waived.has(m.key) && !attachments.some((a) => a.itemKey === m.key))
        .map((m) => m.label)
      return c.render(
        <CheckAnswersPage
          s={s}
          formToken={f.form_token}
          values={v.answers}
          attachments={attachments}
          missing={missing}
          payee={payeeOf(user)}
          payeeConfirm={s.form.fields.some((x) => x.type === 'payee') ? (svc.applications.payeeFingerprint(user) ?? '') : undefined}
          applicant={await applicantOf(c, s)}
        />,
        { title: t('核对信息') },
      )
    }
    const r = await svc.applications.submit(c.get('audit'), {
      user,
      actingEnterpriseId: acting(c),
      serviceCode: f.service ?? '',
      formToken: f.form_token ?? '',
      values,
      uploads,
      payeeConfirm: f.payee_confirm,
      waivedMaterials: pre?.data.waived.map((w) => w.key),
    })
    // 秒批: the service's rules decide on the data with its provenance; a failure leaves the case with staff.
    await svc.decisions
      .afterSubmit(c.get('audit'), {
        ref: r.ref,
        serviceCode: f.service ?? '',
        limitDays: service?.timeLimitDays ?? 10,
        answers: values,
        prefill: pre?.data ?? null,
      })
      .catch((err: unknown) =>
        svc.deps.logger.error({ err, reqId: c.get('requestId') }, 'rules after submit failed; the case stays with staff'),
      )
    // The first view shows the confirmation panel (CONTRACT: data-qa="confirmation").
    return c.redirect(`/applications/${r.ref}?submitted=1`, 303)
  } catch (e) {
    const err = formError(e)
    if (err.status === 404) throw err
    if (!(await svc.catalog.get(f.service ?? ''))) {
      c.status(422)
      throw new AppError('invalid', err.message)
    }
    return formPage(c, f.service, { values, errors: err.fields, message: err.message, status: err.status })
  }
})

/** Tell us once: the form is saved as a draft and the staff-verified material of an earlier case copied into it. */
applicationRoutes.post('/reuse-material', async (c) => {
  const f = await formBody(c)
  const svc = c.get('services')
  const user = c.get('citizen')
  const { reuse, ...answers } = stripMeta(f)
  try {
    await svc.applications.saveDraft(user.id, f.form_token ?? '', answers, await uploadsFrom(c))
    await svc.materialReuse.reuse(c.get('audit'), user.id, f.form_token ?? '', reuse ?? '')
  } catch (e) {
    const err = formError(e)
    if (err.status === 404 || !(await svc.catalog.get(f.service ?? ''))) throw err
    return formPage(c, f.service ?? '', { values: f, errors: err.fields, message: err.message, status: err.status })
  }
  return c.redirect(`/applications/new?service=${encodeURIComponent(f.service ?? '')}&reused=${encodeURIComponent(reuse ?? '')}`, 303)
})

/** "This is wrong": the citizen disputes a registry's record; the form then takes their own values (manual review). */
applicationRoutes.post('/prefill-dispute', async (c) => {
  const f = await formBody(c)
  const svc = c.get('services')
  const s = await svc.catalog.get(f.service ?? '')
  if (!s) throw new AppError('not_found', t('未找到该服务'))
  return formAction(c, {
    run: () => svc.registries.dispute(c.get('audit'), c.get('citizen').id, f.source ?? '', s.code, f.note ?? ''),
    done: () => `/applications/new?service=${s.code}&disputed=1`,
    again: ({ errors, message }) => formPage(c, s.code, { errors, message }),
  })
})

applicationRoutes.get('/', async (c) => {
  const svc = c.get('services')
  const user = c.get('citizen')
  const names = Object.fromEntries((await svc.catalog.list()).map((s) => [s.code, s.name]))
  const p = c.get('principal')
  const enterpriseIds = p?.kind === 'citizen' ? p.enterpriseIds : undefined
  return c.render(
    <MyApplicationsPage
      apps={await svc.applications.listForApplicant(user.id, enterpriseIds)}
      drafts={await svc.applications.drafts(user.id)}
      names={names}
    />,
    { title: t('我的办件') },
  )
})

async function detail(
  c: Context<AppEnv>,
  extra: {
    notice?: string
    confirmation?: boolean
    errors?: Record<string, string>
    values?: Record<string, string>
    message?: string
  } = {},
) {
  const svc = c.get('services')
  const d = await svc.applications.detailForApplicant(c.get('citizen').id, c.req.param('ref')!)
  const certificate = d.app.applicantUserId ? await svc.certificates.forApplication(d.app.applicantUserId, d.app.ref) : null
  // Seeing the case reads its notices (issue 20); the header's count is taken again so it agrees.
  if (c.get('unread') > 0) {
    await svc.notifications.markReadByLink(c.get('citizen').id, `/applications/${d.app.ref}`)
    c.set('unread', await svc.notifications.unreadCount(c.get('citizen').id))
  }
  return c.render(
    <ApplicationDetailPage
      trace={await svc.decisions.evaluationOf(d.app.ref)}
      certificate={certificate}
      app={d.app}
      service={d.service}
      events={d.events}
      attachments={d.attachments}
      rating={d.rating ?? null}
      expected={d.expected}
      {...extra}
    />,
    { title: d.app.ref },
  )
}

const NOTICES: Record<string, string> = {
  withdrawn: '申请已撤回。',
  resubmitted: '补正材料已提交，办件已回到审核队列。',
  rated: '感谢您的评价！',
}

applicationRoutes.get('/:ref', async (c) => {
  const key = Object.keys(NOTICES).find((k) => c.req.query(k) === '1')
  return detail(c, { notice: key ? t(NOTICES[key]) : undefined, confirmation: c.req.query('submitted') === '1' })
})

applicationRoutes.get('/:ref/attachments/:id', async (c) => {
  const a = await c.get('services').applications.attachmentForApplicant(c.get('citizen').id, c.req.param('ref'), idParam(c.req.param('id')))
  return c.body(new Uint8Array(a.bytes), 200, {
    'content-type': a.meta.mime,
    'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(safeFilename(a.meta.filename, a.meta.mime))}`,
    'cache-control': 'private, no-store',
  })
})

const action = (c: Context<AppEnv>, run: (f: Record<string, string>) => Promise<void>, done: string) =>
  formAction(c, { run, done: () => `/applications/${c.req.param('ref')}?${done}=1`, again: (failure) => detail(c, failure) })

applicationRoutes.post('/:ref/withdraw', (c) =>
  action(
    c,
    (f) => c.get('services').applications.withdraw(c.get('audit'), c.get('citizen').id, c.req.param('ref'), f.reason ?? ''),
    'withdrawn',
  ),
)
applicationRoutes.post('/:ref/rating', (c) =>
  action(
    c,
    (f) => c.get('services').applications.rate(c.get('audit'), c.get('citizen').id, c.req.param('ref'), Number(f.score), f.comment ?? ''),
    'rated',
  ),
)
applicationRoutes.post('/:ref/resubmit', async (c) => {
  const uploads = await uploadsFrom(c)
  return action(
    c,
    (f) => c.get('services').applications.resubmit(c.get('audit'), c.get('citizen').id, c.req.param('ref'), f, uploads),
    'resubmitted',
  )
})
