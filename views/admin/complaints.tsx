import { pick, t } from '../../src/lib/i18n/index.js'
import type { ComplaintRow } from '../../src/modules/complaints/table.js'
import { CATEGORIES, PRIORITIES, SATISFACTION, CALLER_CHECKS_PER_TICKET } from '../../src/modules/complaints/labels.js'
import { formatCst } from '../../src/lib/time.js'
import {
  Form,
  TextField,
  TextArea,
  SelectField,
  ErrorSummary,
  SubmitButton,
  type FieldErrors,
  type FormValues,
} from '../components/form.js'
import { Notice, Badge, Masked, UserData } from '../components/status.js'
import { StatusBadge } from '../applications/pages.js'
import { DataTable } from '../components/data-table.js'

const STATUS: Record<string, [string, 'blue' | 'green' | 'grey']> = {
  open: ['处理中', 'blue'],
  resolved: ['已办结', 'green'],
  closed: ['已关闭', 'grey'],
}

export function DueFlag({ c, today, near }: { c: ComplaintRow; today: string; near: string }) {
  if (c.status !== 'open') return null
  if (c.dueDate < today) return <Badge tone="red">{t('已超期')}</Badge>
  if (c.dueDate <= near) return <Badge tone="yellow">{t('即将到期')}</Badge>
  return null
}

export function ComplaintsPage({
  list,
  today,
  near,
  values = {},
  errors = {},
  message,
}: {
  list: ComplaintRow[]
  today: string
  near: string
  values?: FormValues
  errors?: FieldErrors
  message?: string
}) {
  return (
    <section>
      <h1>{t('来电工单')}</h1>
      <div class="panel">
        <h2>{t('登记来电')}</h2>
        <Notice kind="info">{t('接听提示：请告知来电人“本次通话可能被录音”。涉及账号的事项须先核验身份。')}</Notice>
        <ErrorSummary errors={errors} message={message} />
        <Form action="/admin/complaints" data-qa="complaint-form">
          <TextField
            name="caller_phone"
            label={t('来电号码')}
            type="tel"
            value={values.caller_phone}
            error={errors.caller_phone}
            maxlength={20}
          />
          <TextField name="caller_name" label={t('来电人姓名/称呼')} value={values.caller_name} error={errors.caller_name} maxlength={60} />
          <SelectField
            name="category"
            label={t('诉求类别')}
            value={values.category}
            error={errors.category}
            placeholder={t('请选择')}
            options={CATEGORIES.map((x) => ({ value: x, label: t(x) }))}
          />
          <TextArea name="description" label={t('诉求内容')} value={values.description} error={errors.description} maxlength={4000} />
          <TextField
            name="related_ref"
            label={t('关联办件编号')}
            optional
            value={values.related_ref}
            error={errors.related_ref}
            maxlength={32}
          />
          <SelectField
            name="priority"
            label={t('优先级')}
            value={values.priority ?? t('普通')}
            error={errors.priority}
            options={PRIORITIES.map((x) => ({ value: x, label: t(x) }))}
          />
          <SubmitButton>{t('登记')}</SubmitButton>
        </Form>
      </div>
      <h2>{t('工单列表')}</h2>
      <DataTable
        qa="complaints"
        rows={list}
        columns={[
          { label: t('工单号'), cell: (c) => <a href={`/admin/complaints/${c.ref}`}>{c.ref}</a> },
          { label: t('类别'), cell: (c) => t(c.category) },
          { label: t('来电人'), cell: (c) => <UserData>{c.callerName}</UserData> },
          { label: t('登记时间'), cell: (c) => formatCst(c.createdAt) },
          {
            label: t('期限'),
            cell: (c) => (
              <>
                {c.dueDate} <DueFlag c={c} today={today} near={near} />
              </>
            ),
          },
          { label: t('状态'), cell: (c) => <Badge tone={STATUS[c.status][1]}>{t(STATUS[c.status][0])}</Badge> },
        ]}
      />
    </section>
  )
}

export function ComplaintPage(p: {
  c: ComplaintRow
  notes: { kind: string; body: string; createdAt: string }[]
  accountExists: boolean
  account: { name: string | null; idNumberMasked: string | null; verified: boolean; applications: { ref: string; status: string }[] } | null
  today: string
  near: string
  values?: FormValues
  errors?: FieldErrors
  message?: string
  notice?: string
}) {
  const { c, errors = {}, values = {} } = p
  return (
    <section data-qa="complaint">
      <p class="muted">
        <a href="/admin/complaints">{t('来电工单')}</a> › {c.ref}
      </p>
      <h1>
        {t('工单 {ref}', { ref: c.ref })} <DueFlag c={c} today={p.today} near={p.near} />
      </h1>
      {p.notice ? <Notice kind="success">{p.notice}</Notice> : null}
      <ErrorSummary errors={errors} message={p.message} />
      <dl class="summary">
        <div>
          <dt>{t('来电')}</dt>
          <dd>
            <UserData>{c.callerName}</UserData>
            {t('，{callerPhone}（{createdAt}，{channel}）', {
              callerPhone: c.callerPhone,
              createdAt: formatCst(c.createdAt),
              channel: c.channel === 'online' ? t('网上提交') : t('电话'),
            })}
          </dd>
        </div>
        <div>
          <dt>{t('类别 / 优先级')}</dt>
          <dd>
            {t(c.category)} / {t(c.priority)}
          </dd>
        </div>
        <div>
          <dt>{t('诉求内容')}</dt>
          <dd class="pre">
            <UserData>{c.description}</UserData>
          </dd>
        </div>
        <div>
          <dt>{t('关联办件')}</dt>
          <dd>{c.relatedRef ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('办结期限')}</dt>
          <dd>{c.dueDate}</dd>
        </div>
        <div>
          <dt>{t('状态')}</dt>
          <dd>{t(STATUS[c.status][0])}</dd>
        </div>
      </dl>
      <h2>{t('身份核验')}</h2>
      {c.identityPassed === 1 ? (
        <Notice kind="success">
          {t('已核验（')}
          {c.identityMethod === 'sms' ? t('短信验证码') : t('身份证后4位')}
          {t('，{identityCheckedAt}）', { identityCheckedAt: formatCst(c.identityCheckedAt) })}
        </Notice>
      ) : (
        <div class="panel" data-qa="identity-check">
          <p data-qa="account-exists">
            {p.accountExists ? t('该号码已注册账号。') : t('该号码未注册账号。')}
            {c.identityPassed === 0 ? pick('上次核验未通过。', ' The last check failed.') : ''}
            {pick('核验通过前，不得透露账号内容。', ' Do not disclose anything about the account until the check is passed. ')}
            <span data-qa="tries-left">{t('本工单还可核验 {n} 次。', { n: Math.max(0, CALLER_CHECKS_PER_TICKET - c.identityTries) })}</span>
          </p>
          {p.accountExists ? (
            <>
              <Form action={`/admin/complaints/${c.ref}/send-code`} class="inline">
                <button class="button secondary small" type="submit">
                  {t('向注册手机发送验证码')}
                </button>
              </Form>
              <Form action={`/admin/complaints/${c.ref}/verify`} data-qa="verify-form">
                <SelectField
                  name="method"
                  label={t('核验方式')}
                  value={values.method}
                  error={errors.method}
                  placeholder={t('请选择')}
                  options={[
                    { value: 'sms', label: t('来电人读出短信验证码') },
                    { value: 'id_last4', label: t('身份证号后4位') },
                  ]}
                />
                <TextField name="answer" label={t('来电人提供的内容')} value="" error={errors.answer} maxlength={6} />
                <SubmitButton secondary>{t('核验')}</SubmitButton>
              </Form>
            </>
          ) : null}
        </div>
      )}
      {p.account ? (
        <div class="panel" data-qa="caller-account">
          <h3>{t('账号信息')}</h3>
          <p>
            {p.account.name ?? t('未实名')} <Masked value={p.account.idNumberMasked} />
          </p>
          <ul>
            {p.account.applications.map((a) => (
              <li>
                {a.ref} <StatusBadge status={a.status} />
              </li>
            ))}
          </ul>
          {c.category === '个人信息' ? (
            <div data-qa="correction-on-behalf">
              <p>{t('身份核验已通过，可代来电人提交更正申请（由工作人员审核）；注销须网上短信验证或本人到窗口办理。')}</p>
              <Form action={`/admin/complaints/${c.ref}/correction`}>
                <SelectField
                  name="field"
                  label={t('更正项目')}
                  value={values.field}
                  error={errors.field}
                  placeholder={t('请选择')}
                  options={[
                    { value: 'real_name', label: t('姓名') },
                    { value: 'id_number', label: t('身份证号') },
                    { value: 'bank_account', label: t('银行账号') },
                  ]}
                />
                <TextField name="value" label={t('更正后的内容')} value={values.value} error={errors.value} />
                <TextArea name="reason" label={t('更正原因')} value={values.reason} error={errors.reason} maxlength={500} />
                <SubmitButton>{t('代为提交更正申请')}</SubmitButton>
              </Form>
            </div>
          ) : null}
        </div>
      ) : null}
      <h2>{t('处理记录')}</h2>
      <ol class="timeline">
        {p.notes.map((n) => (
          <li>
            <span class="muted">
              {formatCst(n.createdAt)} · {n.kind === 'reply' ? t('回复来电人') : n.kind === 'citizen' ? t('来电人补充') : t('内部记录')}
            </span>
            <div class="pre">
              <UserData>{n.body}</UserData>
            </div>
          </li>
        ))}
      </ol>
      {c.status === 'open' ? (
        <>
          <Form action={`/admin/complaints/${c.ref}/notes`} class="panel">
            <TextArea name="note" label={t('添加记录')} value={values.note} error={errors.note} maxlength={2000} />
            <label class="radio">
              <input type="checkbox" name="reply" value="on" /> {t('作为回复告知来电人（在其“我的诉求”中可见）')}
            </label>
            <SubmitButton secondary>{t('保存')}</SubmitButton>
          </Form>
          <Form action={`/admin/complaints/${c.ref}/resolve`} class="panel" data-qa="resolve-form">
            <h2>{t('办结与回访')}</h2>
            <TextArea name="resolution" label={t('处理结果')} value={values.resolution} error={errors.resolution} maxlength={2000} />
            <TextField
              name="callback_result"
              label={t('回访情况')}
              value={values.callback_result}
              error={errors.callback_result}
              maxlength={200}
            />
            <SelectField
              name="satisfaction"
              label={t('来电人满意度')}
              value={values.satisfaction}
              error={errors.satisfaction}
              placeholder={t('请选择')}
              options={SATISFACTION.map((x) => ({ value: x, label: t(x) }))}
            />
            <SubmitButton>{t('办结')}</SubmitButton>
          </Form>
        </>
      ) : (
        <dl class="summary">
          <div>
            <dt>{t('处理结果')}</dt>
            <dd class="pre">
              <UserData>{c.resolution}</UserData>
            </dd>
          </div>
          <div>
            <dt>{t('回访')}</dt>
            <dd>
              {formatCst(c.callbackAt)} <UserData>{c.callbackResult}</UserData>
              {t('（{callbackSatisfaction}）', { callbackSatisfaction: c.callbackSatisfaction ? t(c.callbackSatisfaction) : '' })}
            </dd>
          </div>
        </dl>
      )}
    </section>
  )
}

export function MyComplaintsPage({
  list,
  notes,
  values = {},
  errors = {},
  message,
  notice,
}: {
  list: ComplaintRow[]
  notes: Record<number, { kind: string; body: string; createdAt: string }[]>
  values?: FormValues
  errors?: FieldErrors
  message?: string
  notice?: string
}) {
  return (
    <section>
      <h1>{t('我的诉求')}</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      {list.map((c) => (
        <div class="panel">
          <strong>{c.ref}</strong> {t(c.category)} <Badge tone={STATUS[c.status][1]}>{t(STATUS[c.status][0])}</Badge>
          <p class="pre">{c.description}</p>
          <ul>
            {(notes[c.id] ?? [])
              .filter((n) => n.kind !== 'note')
              .map((n) => (
                <li>{t('{createdAt}：{body}', { createdAt: formatCst(n.createdAt), body: n.body })}</li>
              ))}
          </ul>
          {c.resolution ? <p>{t('处理结果：{resolution}', { resolution: c.resolution })}</p> : null}
        </div>
      ))}
      <h2>{t('提交新的诉求')}</h2>
      <ErrorSummary errors={errors} message={message} />
      <Form action="/me/complaints">
        <SelectField
          name="category"
          label={t('类别')}
          value={values.category}
          error={errors.category}
          placeholder={t('请选择')}
          options={CATEGORIES.map((x) => ({ value: x, label: t(x) }))}
        />
        <TextArea name="description" label={t('内容')} value={values.description} error={errors.description} maxlength={4000} />
        <TextField name="related_ref" label={t('关联办件编号')} optional value={values.related_ref} error={errors.related_ref} />
        <SubmitButton>{t('提交')}</SubmitButton>
      </Form>
    </section>
  )
}
