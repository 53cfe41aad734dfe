import { t } from '../../src/lib/i18n/index.js'
import { actionLabel, type Action } from '../../src/modules/applications/lifecycle.js'
import { Form, TextArea, TextField, Fieldset, SubmitButton, type FieldErrors, type FormValues } from '../components/form.js'

// Shortcut keys of the decisions (static/js/workbench.js; the legend lists them).
const KEYS: Partial<Record<Action, string>> = { accept: 'a', supplement: 's', approve: 'y', reject: 'n' }

/** The decision form of the case page: only what the lifecycle allows now and the person's roles permit. */
export function DecisionPanel(p: {
  app: { ref: string; status: string }
  offered: Action[]
  checklist: { key: string; label: string }[]
  /** Items ticked in a refused submission (kept). */
  ticked: string[]
  templates?: { id: number; title: string; text: string; items: string[] }[]
  errors: FieldErrors
  values: FormValues
}) {
  const { app, offered, checklist, ticked, errors, values } = p
  const status = app.status
  return (
    <div class="panel" data-qa="decision-panel">
      <h2>{t('处理')}</h2>
      {status === 'supplement' ? <p class="hint">{t('已发出一次性告知，正在等待申请人补正；补正齐全后自动回到审核队列。')}</p> : null}
      <Form action={`/staff/cases/${app.ref}/decision`} data-qa="decision-form">
        <Fieldset name="decision" legend={t('处理决定')} error={errors.decision}>
          {offered.map((a) => (
            <label class="radio">
              <input type="radio" name="decision" value={a} checked={values.decision === a} data-key={KEYS[a]} />{' '}
              {a === 'supplement'
                ? t('一次性告知补正')
                : a === 'revoke'
                  ? t('撤销审核通过决定（须说明理由，申请人将收到通知）')
                  : a === 'refuse'
                    ? t('不予受理（须说明理由和法律依据）')
                    : actionLabel(a)}
              {KEYS[a] ? (
                <>
                  {' '}
                  <kbd>{KEYS[a]}</kbd>
                </>
              ) : null}
            </label>
          ))}
        </Fieldset>
        {offered.includes('supplement') ? (
          <Fieldset name="items" legend={t('需补正的项目（一次性告知：只能发出一次，请一次勾选全部）')} error={errors.items}>
            {p.templates?.length ? (
              <div class="field" data-qa="templates">
                <label for="f-template">{t('常用告知模板')}</label>
                <select name="template" id="f-template" data-templates>
                  <option value="">{t('不使用模板')}</option>
                  {p.templates.map((x) => (
                    <option
                      value={String(x.id)}
                      selected={values.template === String(x.id)}
                      data-text={x.text}
                      data-items={x.items.join(' ')}
                    >
                      {x.title}
                    </option>
                  ))}
                </select>
                <p class="hint">{t('选择模板后勾选其所列项目，未填写说明时以模板内容作为告知说明。')}</p>
              </div>
            ) : null}
            {checklist.map((i) => (
              <div class="item-row">
                <label class="radio">
                  <input type="checkbox" name="items" value={i.key} checked={ticked.includes(i.key)} /> {i.label}
                </label>
                <input
                  type="text"
                  name={`note_${i.key}`}
                  aria-label={t('{label}的补正要求', { label: i.label })}
                  placeholder={t('补正要求（选填）')}
                  maxlength={200}
                  value={values[`note_${i.key}`] ?? ''}
                />
              </div>
            ))}
          </Fieldset>
        ) : null}
        <TextArea
          name="reason"
          label={t('意见/理由')}
          hint={t('一次性告知、不予受理和不予通过必须填写；理由将告知申请人')}
          value={values.reason}
          error={errors.reason}
          maxlength={1000}
        />
        {offered.includes('refuse') ? (
          <TextField
            name="basis"
            label={t('不予受理的法律依据')}
            optional
            hint={t('仅不予受理时填写，如：《中华人民共和国行政许可法》第三十二条第一款第（二）项')}
            value={values.basis}
            error={errors.basis}
            maxlength={200}
          />
        ) : null}
        <SubmitButton>{t('提交决定')}</SubmitButton>
      </Form>
    </div>
  )
}
