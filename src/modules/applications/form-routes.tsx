import { t } from '../../lib/i18n/index.js'
import { Hono } from 'hono'
import { canonical, localised } from '../catalog/localise.js'
import type { Context } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { AppError } from '../../lib/errors.js'
import { formAction, formBody, parsedBody } from '../../lib/forms.js'
import { today } from '../../lib/time.js'
import type { Upload } from './service.js'
import type { CatalogService } from '../catalog/service.js'
import { validateAnswers, validateField } from './forms.js'
import { ApplicationFormPage, CheckAnswersPage, NotEligiblePage, FieldInput, type Applicant } from '../../../views/applications/form.js'

/** The application form (mounted by routes.tsx under /applications): the form, field checks, drafts, check answers, submit, tell us once. */
export const applicationFormRoutes = new Hono<AppEnv>()

/** The files posted as file_<material key> (empty file inputs are not uploads); resubmit uses it too. */
export async function uploadsFrom(c: Context<AppEnv>): Promise<Upload[]> {
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

applicationFormRoutes.get('/new', async (c) =>
  formPage(c, c.req.query('service') ?? '', {
    notice: c.req.query('reused') ? t('已使用经工作人员核验的材料，无需重新上传。') : undefined,
  }),
)

/** htmx: validate one field as the user leaves it; returns the field fragment. */
applicationFormRoutes.post('/validate', async (c) => {
  const f = await formBody(c)
  const s = await c.get('services').catalog.get(f.service ?? '')
  const trigger = c.req.header('hx-trigger-name') ?? ''
  const field = s?.form.fields.find((x) => x.name === trigger)
  if (!s || !field) return c.body(null, 204)
  const err = validateField(field, (f[field.name] ?? '').trim(), today(c.get('services').deps.clock))
  const shown = localised(s).form.fields.find((x) => x.name === trigger) ?? field
  return c.html(<FieldInput f={shown} value={f[field.name]} error={err ?? undefined} />)
})

/**
 * Save as draft: always saves (the answers and the good files), so it is not a formAction — nothing is refused
 * and there is no 303; the page comes back with the notice, or 422 with the files refused next to their fields.
 * htmx autosave gets 204.
 */
applicationFormRoutes.post('/draft', async (c) => {
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

/** Check-your-answers: validates, keeps the files with the draft, and gives what the summary shows (or refuses). */
async function checkAnswers(
  c: Context<AppEnv>,
  f: Record<string, string>,
  s: CatalogService | null | undefined,
  values: Record<string, string>,
  uploads: Upload[],
  waived: Set<string>,
) {
  const svc = c.get('services')
  const user = c.get('citizen')
  if (!s) throw new AppError('invalid', t('请选择服务'), { service: t('服务不存在') })
  const { errors, attachments } = await svc.applications.saveDraft(user.id, f.form_token ?? '', values, uploads)
  const v = validateAnswers(s.form, values, today(svc.deps.clock))
  Object.assign(errors, await svc.applications.claimErrors(user.id, acting(c), s, v.answers), v.errors)
  if (Object.keys(errors).length) throw new AppError('invalid', t('提交的信息有误，请按提示修改'), errors)
  const missing = s.form.materials
    .filter((m) => m.required && !waived.has(m.key) && !attachments.some((a) => a.itemKey === m.key))
    .map((m) => m.label)
  return { check: { s, formToken: f.form_token, answers: v.answers, attachments, missing } }
}

/**
 * Submit (idempotent per form_token: a double submit answers with the one application), then 秒批: the
 * service's rules decide on the data with its provenance; a failure of the rules leaves the case with staff.
 */
async function submitAndDecide(
  c: Context<AppEnv>,
  f: Record<string, string>,
  service: CatalogService | null | undefined,
  values: Record<string, string>,
  uploads: Upload[],
  pre: Awaited<ReturnType<typeof prefillOf>>,
) {
  const svc = c.get('services')
  const r = await svc.applications.submit(c.get('audit'), {
    user: c.get('citizen'),
    actingEnterpriseId: acting(c),
    serviceCode: f.service ?? '',
    formToken: f.form_token ?? '',
    values,
    uploads,
    payeeConfirm: f.payee_confirm,
    waivedMaterials: pre?.data.waived.map((w) => w.key),
  })
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
  return { ref: r.ref }
}

/** The form's two steps: `step=check` shows check-your-answers, anything else submits. */
applicationFormRoutes.post('/', async (c) => {
  const f = await formBody(c)
  const svc = c.get('services')
  const uploads = await uploadsFrom(c)
  const service = await svc.catalog.get(f.service ?? '')
  // Authoritative values are the registry's, whatever was posted (a changed read-only field is replaced).
  const pre = service ? await prefillOf(c, service, stripMeta(f)) : null
  return formAction(c, {
    values: (form) => ({ ...stripMeta(form), ...(pre?.data.values ?? {}) }),
    run: async (values): Promise<{ ref: string } | Awaited<ReturnType<typeof checkAnswers>>> =>
      f.step === 'check'
        ? checkAnswers(c, f, service, values, uploads, new Set(pre?.data.waived.map((w) => w.key)))
        : submitAndDecide(c, f, service, values, uploads, pre),
    done: async (r) => {
      // The first view shows the confirmation panel (CONTRACT: data-qa="confirmation").
      if (!('check' in r)) return `/applications/${r.ref}?submitted=1`
      const { s, formToken, answers, attachments, missing } = r.check
      const user = c.get('citizen')
      return c.render(
        <CheckAnswersPage
          s={s}
          formToken={formToken}
          values={answers}
          attachments={attachments}
          missing={missing}
          payee={payeeOf(user)}
          payeeConfirm={s.form.fields.some((x) => x.type === 'payee') ? (svc.applications.payeeFingerprint(user) ?? '') : undefined}
          applicant={await applicantOf(c, s)}
        />,
        { title: t('核对信息') },
      )
    },
    again: ({ values, errors, message }) => {
      // Without the service there is no form to show again: the message goes to the error page (422).
      if (!service) throw new AppError('invalid', message)
      return formPage(c, f.service ?? '', { values, errors, message })
    },
  })
})

/** Tell us once: the form is saved as a draft and the staff-verified material of an earlier case copied into it. */
applicationFormRoutes.post('/reuse-material', async (c) => {
  const svc = c.get('services')
  const user = c.get('citizen')
  const uploads = await uploadsFrom(c)
  return formAction(c, {
    run: async (f) => {
      const { reuse, ...answers } = stripMeta(f)
      await svc.applications.saveDraft(user.id, f.form_token ?? '', answers, uploads)
      await svc.materialReuse.reuse(c.get('audit'), user.id, f.form_token ?? '', reuse ?? '')
      return { service: f.service ?? '', reuse: reuse ?? '' }
    },
    done: (r) => `/applications/new?service=${encodeURIComponent(r.service)}&reused=${encodeURIComponent(r.reuse)}`,
    again: async ({ values, errors, message }) => {
      // Without the service there is no form to show again: the message goes to the error page (422).
      if (!(await svc.catalog.get(values.service ?? ''))) throw new AppError('invalid', message)
      return formPage(c, values.service ?? '', { values, errors, message })
    },
  })
})

/** "This is wrong": the citizen disputes a registry's record; the form then takes their own values (manual review). */
applicationFormRoutes.post('/prefill-dispute', async (c) => {
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
