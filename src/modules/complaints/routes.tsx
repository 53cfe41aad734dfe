import { Hono } from 'hono'
import type { Context } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { formAction } from '../../lib/forms.js'
import { AppError } from '../../lib/errors.js'
import { normaliseNumber, normalisePhone } from '../identity/validators.js'
import { ComplaintsPage, ComplaintPage, MyComplaintsPage } from '../../../views/admin/complaints.js'

/** Phone complaints desk (mounted at /admin/complaints; complaints role, supervisors too, for escalated calls — docs/roles.md). */
export const complaintDeskRoutes = new Hono<AppEnv>()

async function listPage(
  c: Context<AppEnv>,
  extra: { values?: Record<string, string>; errors?: Record<string, string>; message?: string } = {},
) {
  const svc = c.get('services').complaints
  return c.render(
    <ComplaintsPage list={await svc.list(c.req.query('status') ?? null)} today={svc.today()} near={await svc.nearDue()} {...extra} />,
    { title: '来电工单', area: 'staff' },
  )
}

complaintDeskRoutes.get('/', (c) => listPage(c))

complaintDeskRoutes.post('/', (c) =>
  formAction(c, {
    values: (f) => ({
      caller_phone: normalisePhone(f.caller_phone ?? ''),
      caller_name: f.caller_name ?? '',
      category: f.category ?? '',
      description: f.description ?? '',
      related_ref: (f.related_ref ?? '').trim(),
      priority: f.priority ?? '',
    }),
    run: (v) =>
      c.get('services').complaints.create(c.get('audit'), c.get('staff').id, {
        callerPhone: v.caller_phone,
        callerName: v.caller_name,
        category: v.category,
        description: v.description,
        relatedRef: v.related_ref,
        priority: v.priority,
      }),
    done: (ref) => `/admin/complaints/${ref}`,
    again: (failure) => listPage(c, failure),
  }),
)

async function ticket(
  c: Context<AppEnv>,
  extra: { values?: Record<string, string>; errors?: Record<string, string>; message?: string; notice?: string } = {},
) {
  const svc = c.get('services').complaints
  const t = await svc.get(c.req.param('ref')!)
  return c.render(
    <ComplaintPage
      c={t}
      notes={await svc.notes(t.id)}
      accountExists={await svc.accountExists(t.callerPhone)}
      account={await svc.callerAccount(t)}
      today={svc.today()}
      near={await svc.nearDue()}
      {...extra}
    />,
    { title: `工单 ${t.ref}`, area: 'staff' },
  )
}

const NOTICES: Record<string, string> = {
  sent: '验证码已发送到该账号的注册手机，请来电人读出',
  passed: '身份核验通过',
  failed: '身份核验未通过',
  saved: '已保存',
  resolved: '已办结',
}
complaintDeskRoutes.get('/:ref', (c) => ticket(c, { notice: NOTICES[c.req.query('done') ?? ''] }))

complaintDeskRoutes.post('/:ref/send-code', (c) =>
  formAction(c, {
    run: () => c.get('services').complaints.sendIdentityCode(c.get('audit'), c.req.param('ref')),
    done: () => `/admin/complaints/${c.req.param('ref')}?done=sent`,
    again: ({ message }) => ticket(c, { message }),
  }),
)

complaintDeskRoutes.post('/:ref/verify', (c) =>
  formAction(c, {
    run: async (f) => ({
      ok: await c
        .get('services')
        .complaints.checkIdentity(c.get('audit'), c.req.param('ref'), f.method ?? '', normaliseNumber(f.answer ?? '')),
      method: f.method,
    }),
    done: ({ ok, method }) => {
      if (ok) return `/admin/complaints/${c.req.param('ref')}?done=passed`
      c.status(422)
      return ticket(c, {
        values: { method: method },
        errors: { answer: '核验未通过：内容与账号信息不一致' },
        message: '身份核验未通过，不得透露账号信息',
      })
    },
    again: (failure) => ticket(c, failure),
  }),
)

complaintDeskRoutes.post('/:ref/notes', (c) =>
  formAction(c, {
    run: (f) =>
      c
        .get('services')
        .complaints.addNote(c.get('audit'), c.get('staff').id, c.req.param('ref'), f.note ?? '', f.reply === 'on' ? 'reply' : 'note'),
    done: () => `/admin/complaints/${c.req.param('ref')}?done=saved`,
    again: (failure) => ticket(c, failure),
  }),
)

/** A privacy complaint may start a correction request for the caller, only after a passed identity check. */
complaintDeskRoutes.post('/:ref/correction', async (c) => {
  const svc = c.get('services')
  const t = await svc.complaints.get(c.req.param('ref'))
  const user = t.identityPassed === 1 && t.userId ? await svc.identity.userById(t.userId) : undefined
  if (!user || t.category !== '个人信息') throw new AppError('conflict', '须先通过来电人身份核验（个人信息类工单）')
  return formAction(c, {
    run: async (f) => {
      await svc.privacy.requestCorrection(c.get('audit'), user, {
        field: f.field ?? '',
        value: f.value ?? '',
        reason: (f.reason ?? '').trim() ? `电话代提交（工单 ${t.ref}）：${f.reason}` : '',
      })
      await svc.complaints.addNote(c.get('audit'), c.get('staff').id, t.ref, `已代来电人提交更正申请（${f.field}）`)
    },
    done: () => `/admin/complaints/${t.ref}?done=saved`,
    again: (failure) => ticket(c, failure),
  })
})

complaintDeskRoutes.post('/:ref/resolve', (c) =>
  formAction(c, {
    run: (f) =>
      c.get('services').complaints.resolve(c.get('audit'), c.get('staff').id, c.req.param('ref'), {
        resolution: f.resolution ?? '',
        callbackResult: f.callback_result ?? '',
        satisfaction: f.satisfaction ?? '',
      }),
    done: () => `/admin/complaints/${c.req.param('ref')}?done=resolved`,
    again: (failure) => ticket(c, failure),
  }),
)

/** The citizen's own tickets (mounted at /me/complaints). */
export const myComplaintRoutes = new Hono<AppEnv>()
async function mine(
  c: Context<AppEnv>,
  extra: { values?: Record<string, string>; errors?: Record<string, string>; message?: string; notice?: string } = {},
) {
  const svc = c.get('services').complaints
  const list = await svc.ofUser(c.get('citizen').id)
  const notes = Object.fromEntries(await Promise.all(list.map(async (x) => [x.id, await svc.notes(x.id)] as const)))
  return c.render(<MyComplaintsPage list={list} notes={notes} {...extra} />, { title: '我的诉求' })
}
myComplaintRoutes.get('/', (c) => mine(c, { notice: c.req.query('done') ? '已提交，我们将按时限处理并回复您' : undefined }))
myComplaintRoutes.post('/', (c) => {
  const u = c.get('citizen')
  return formAction(c, {
    run: (f) =>
      c.get('services').complaints.create(c.get('audit'), null, {
        callerPhone: u.phone ?? '',
        callerName: u.realName ?? '网上用户',
        category: f.category ?? '',
        description: f.description ?? '',
        relatedRef: (f.related_ref ?? '').trim(),
        priority: '普通',
        channel: 'online',
        userId: u.id,
      }),
    done: () => '/me/complaints?done=1',
    again: (failure) => mine(c, failure),
  })
})
