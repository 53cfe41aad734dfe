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
import { Notice, Badge } from '../components/status.js'

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
      <h1>差评整改</h1>
      <p>评价为“不满意”或“非常不满意”的办件，须在15个工作日内回访申请人并完成整改。</p>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <ErrorSummary errors={errors} message={message} />
      {list.length === 0 ? <p>暂无整改事项。</p> : null}
      {list.map((r) => (
        <div class="panel" data-qa={`rect-${r.applicationRef}`}>
          <strong>
            <a href={`/staff/cases/${r.applicationRef}`}>{r.applicationRef}</a>
          </strong>{' '}
          评分 {r.score} · 期限 {r.dueDate}{' '}
          {r.status === 'open' ? (
            r.dueDate < today ? (
              <Badge tone="red">已超期</Badge>
            ) : (
              <Badge tone="yellow">待整改</Badge>
            )
          ) : (
            <Badge tone="green">已办结</Badge>
          )}
          {r.comment ? <p class="pre">申请人意见：{r.comment}</p> : null}
          {r.status === 'open' ? (
            <Form action={`/staff/rectifications/${r.id}/close`}>
              <TextField
                name="callback_result"
                label="回访结果"
                value={values.callback_result}
                error={errors.callback_result}
                maxlength={300}
              />
              <TextArea name="note" label="整改情况" value={values.note} error={errors.note} maxlength={2000} />
              <SubmitButton secondary>回访并办结</SubmitButton>
            </Form>
          ) : (
            <p>
              回访 {formatCst(r.callbackAt)}：{r.callbackResult}；整改：{r.note}
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
      <h1>工作日历 {year}</h1>
      <p>周一至周五为工作日；此处登记法定节假日和调休上班日。办结期限按此计算。</p>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <ErrorSummary errors={errors} message={message} />
      <Form action="/staff/calendar" class="panel" data-qa="calendar-form">
        <TextField name="day" label="日期" type="date" value={values.day} error={errors.day} />
        <SelectField
          name="kind"
          label="类型"
          value={values.kind}
          error={errors.kind}
          options={[
            { value: 'holiday', label: '节假日（不上班）' },
            { value: 'workday', label: '调休上班日' },
            { value: 'normal', label: '恢复为普通日' },
          ]}
        />
        <TextField name="name" label="名称" value={values.name} error={errors.name} maxlength={60} />
        <SubmitButton secondary>保存</SubmitButton>
      </Form>
      <table>
        <thead>
          <tr>
            <th>日期</th>
            <th>类型</th>
            <th>名称</th>
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr>
              <td>{d.day}</td>
              <td>{d.kind === 'holiday' ? '节假日' : '调休上班'}</td>
              <td>{d.name}</td>
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
  const label: Record<string, string> = { real_name: '姓名', id_number: '身份证号', bank_account: '银行账号' }
  return (
    <section>
      <h1>更正申请审核</h1>
      <p class="hint">查看申请内容即记入审计日志（对象为申请人）。</p>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <ErrorSummary errors={errors} message={message} />
      {list.length === 0 ? <p>暂无待审核的更正申请。</p> : null}
      {list.map((c) => (
        <div class="panel" data-qa={`correction-${c.id}`}>
          <p>
            <strong>{label[c.field] ?? c.field}</strong> 更正为 <code>{c.value}</code>（申请人 #{c.userId}，{formatCst(c.createdAt)}）
          </p>
          <p class="pre">理由：{c.reason}</p>
          <Form action={`/staff/corrections/${c.id}/decision`}>
            <TextField name="note" label="审核意见" value={values.note} error={errors.note} maxlength={500} />
            <div class="actions">
              <button class="button" type="submit" name="decision" value="approve">
                核实无误，予以更正
              </button>
              <button class="button secondary" type="submit" name="decision" value="reject">
                不予更正
              </button>
            </div>
          </Form>
        </div>
      ))}
    </section>
  )
}
