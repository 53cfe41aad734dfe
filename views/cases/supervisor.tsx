import type { RectificationRow } from '../../src/modules/cases/table.js'
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
import { Notice, Badge, UserData } from '../components/status.js'
import { t } from '../../src/lib/i18n/index.js'

/** The public holidays the calendar is seeded with (calendar/holidays.ts) and their make-up working days. */
const HOLIDAYS = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节']

/** A day's name: a known holiday in the page's language, anything else a supervisor typed as entered. */
function DayName({ name }: { name: string }) {
  const m = /^(.+?)(调休上班)?$/.exec(name)
  if (m && HOLIDAYS.includes(m[1])) return <>{m[2] ? t('{holiday}调休上班', { holiday: t(m[1]) }) : t(m[1])}</>
  return <UserData>{name}</UserData>
}

export function RectificationsPage({
  list,
  today,
  values = {},
  errors = {},
  message,
  notice,
}: {
  list: RectificationRow[]
  today: string
  values?: FormValues
  errors?: FieldErrors
  message?: string
  notice?: string
}) {
  return (
    <section>
      <h1>{t('差评整改')}</h1>
      <p>{t('评价为“不满意”或“非常不满意”的办件，须在15个工作日内回访申请人并完成整改。')}</p>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <ErrorSummary errors={errors} message={message} />
      {list.length === 0 ? <p>{t('暂无整改事项。')}</p> : null}
      {list.map((r) => (
        <div class="panel" data-qa={`rect-${r.applicationRef}`}>
          <strong>
            <a href={`/staff/cases/${r.applicationRef}`}>{r.applicationRef}</a>
          </strong>{' '}
          {t('评分 {score} · 期限 {due}', { score: r.score, due: r.dueDate })}{' '}
          {r.status === 'open' ? (
            r.dueDate < today ? (
              <Badge tone="red">{t('已超期')}</Badge>
            ) : (
              <Badge tone="yellow">{t('待整改')}</Badge>
            )
          ) : (
            <Badge tone="green">{t('已办结')}</Badge>
          )}
          {r.comment ? (
            <p class="pre">
              {t('申请人意见：')}
              <UserData>{r.comment}</UserData>
            </p>
          ) : null}
          {r.status === 'open' ? (
            <Form action={`/staff/rectifications/${r.id}/close`}>
              <TextField
                name="callback_result"
                label={t('回访结果')}
                value={values.callback_result}
                error={errors.callback_result}
                maxlength={300}
              />
              <TextArea name="note" label={t('整改情况')} value={values.note} error={errors.note} maxlength={2000} />
              <SubmitButton secondary>{t('回访并办结')}</SubmitButton>
            </Form>
          ) : (
            <p>
              {t('回访 {at}：', { at: formatCst(r.callbackAt) })}
              <UserData>{r.callbackResult}</UserData>
              {t('；整改：')}
              <UserData>{r.note}</UserData>
            </p>
          )}
        </div>
      ))}
    </section>
  )
}

export function CalendarPage({
  days,
  year,
  values = {},
  errors = {},
  message,
  notice,
}: {
  days: { day: string; kind: string; name: string }[]
  year: number
  values?: FormValues
  errors?: FieldErrors
  message?: string
  notice?: string
}) {
  return (
    <section>
      <h1>{t('工作日历 {year}', { year })}</h1>
      <p>{t('周一至周五为工作日；此处登记法定节假日和调休上班日。办结期限按此计算。')}</p>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <ErrorSummary errors={errors} message={message} />
      <Form action="/staff/calendar" class="panel" data-qa="calendar-form">
        <TextField name="day" label={t('日期')} type="date" value={values.day} error={errors.day} />
        <SelectField
          name="kind"
          label={t('类型')}
          value={values.kind}
          error={errors.kind}
          options={[
            { value: 'holiday', label: t('节假日（不上班）') },
            { value: 'workday', label: t('调休上班日') },
            { value: 'normal', label: t('恢复为普通日') },
          ]}
        />
        <TextField name="name" label={t('名称')} value={values.name} error={errors.name} maxlength={60} />
        <SubmitButton secondary>{t('保存')}</SubmitButton>
      </Form>
      <table>
        <thead>
          <tr>
            <th>{t('日期')}</th>
            <th>{t('类型')}</th>
            <th>{t('名称')}</th>
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr>
              <td>{d.day}</td>
              <td>{d.kind === 'holiday' ? t('节假日') : t('调休上班')}</td>
              <td>
                <DayName name={d.name} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

export function CorrectionsPage({
  list,
  values = {},
  errors = {},
  message,
  notice,
}: {
  list: { id: number; userId: number; field: string; value: string | null; reason: string; createdAt: string }[]
  values?: FormValues
  errors?: FieldErrors
  message?: string
  notice?: string
}) {
  const label: Record<string, string> = { real_name: t('姓名'), id_number: t('身份证号'), bank_account: t('银行账号') }
  return (
    <section>
      <h1>{t('更正申请审核')}</h1>
      <p class="hint">{t('查看申请内容即记入审计日志（对象为申请人）。')}</p>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <ErrorSummary errors={errors} message={message} />
      {list.length === 0 ? <p>{t('暂无待审核的更正申请。')}</p> : null}
      {list.map((c) => (
        <div class="panel" data-qa={`correction-${c.id}`}>
          <p>
            <strong>{label[c.field] ?? c.field}</strong> {t('更正为')}{' '}
            <code>
              <UserData>{c.value}</UserData>
            </code>
            {t('（申请人 #{id}，{at}）', { id: c.userId, at: formatCst(c.createdAt) })}
          </p>
          <p class="pre">
            {t('理由：')}
            <UserData>{c.reason}</UserData>
          </p>
          <Form action={`/staff/corrections/${c.id}/decision`}>
            <TextField name="note" label={t('审核意见')} value={values.note} error={errors.note} maxlength={500} />
            <div class="actions">
              <button class="button" type="submit" name="decision" value="approve">
                {t('核实无误，予以更正')}
              </button>
              <button class="button secondary" type="submit" name="decision" value="reject">
                {t('不予更正')}
              </button>
            </div>
          </Form>
        </div>
      ))}
    </section>
  )
}
