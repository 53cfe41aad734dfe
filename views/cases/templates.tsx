import type { CatalogService } from '../../src/modules/catalog/types.js'
import { pick, t } from '../../src/lib/i18n/index.js'
import {
  Form,
  TextField,
  TextArea,
  SelectField,
  Fieldset,
  ErrorSummary,
  SubmitButton,
  type FieldErrors,
  type FormValues,
} from '../components/form.js'
import { Notice, UserData } from '../components/status.js'

/** Supervisors' page of the reusable 一次性告知 texts per service (clerks pick them in the case's form). */
export function TemplatesPage(p: {
  list: { id: number; serviceCode: string; title: string; text: string; items: string[] }[]
  services: CatalogService[]
  values?: FormValues
  /** Items ticked in a refused submission (kept). */
  items?: string[]
  errors?: FieldErrors
  message?: string
  notice?: string
}) {
  const { values = {}, errors = {} } = p
  const name = (code: string) => p.services.find((s) => s.code === code)?.name ?? code
  const label = (code: string, key: string) => {
    const s = p.services.find((x) => x.code === code)
    return s?.form.fields.find((f) => f.name === key)?.label ?? s?.form.materials.find((m) => m.key === key)?.label ?? key
  }
  const ticked = p.items ?? []
  return (
    <section data-qa="templates-page">
      <h1>{t('补正告知模板')}</h1>
      <p>{t('受理人员发出一次性告知时可选用这些模板：模板会勾选所列项目，并在未填写说明时作为告知说明。')}</p>
      {p.notice ? <Notice kind="success">{p.notice}</Notice> : null}
      <ErrorSummary errors={errors} message={p.message} />
      {p.services.map((s) => {
        const mine = p.list.filter((x) => x.serviceCode === s.code)
        return (
          <div class="panel" data-qa={`templates-${s.code}`}>
            <h2>{s.name}</h2>
            {mine.length ? (
              <ul>
                {mine.map((x) => (
                  <li data-qa="template">
                    <strong>
                      <UserData>{x.title}</UserData>
                    </strong>
                    {x.items.length ? (
                      <span class="muted">
                        {pick('（', ' (')}
                        {x.items.map((k) => label(x.serviceCode, k)).join(pick('、', ', '))}
                        {pick('）', ')')}
                      </span>
                    ) : null}
                    <div class="pre">
                      <UserData>{x.text}</UserData>
                    </div>
                    <Form action={`/staff/templates/${x.id}/delete`} class="inline">
                      <button class="button small secondary" type="submit">
                        {t('删除')}
                      </button>
                    </Form>
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">{t('暂无模板。')}</p>
            )}
          </div>
        )
      })}
      <div class="panel">
        <h2>{t('新增模板')}</h2>
        <Form action="/staff/templates" data-qa="template-form">
          <SelectField
            name="service"
            label={t('事项')}
            value={values.service}
            error={errors.service}
            placeholder={t('请选择')}
            options={p.services.map((s) => ({ value: s.code, label: s.name }))}
          />
          <TextField name="title" label={t('模板名称')} value={values.title} error={errors.title} maxlength={60} />
          <TextArea name="text" label={t('告知内容')} value={values.text} error={errors.text} maxlength={1000} />
          <Fieldset name="items" legend={t('模板勾选的项目（选填，仅与所选事项匹配的项目生效）')}>
            {p.services.map((s) => (
              <div>
                <p class="muted">{name(s.code)}</p>
                {[
                  ...s.form.fields.map((f) => ({ key: f.name, label: f.label })),
                  ...s.form.materials.map((m) => ({ key: m.key, label: m.label })),
                ].map((i) => (
                  <label class="radio">
                    <input type="checkbox" name="items" value={i.key} checked={ticked.includes(i.key)} /> {i.label}
                  </label>
                ))}
              </div>
            ))}
          </Fieldset>
          <SubmitButton>{t('保存模板')}</SubmitButton>
        </Form>
      </div>
    </section>
  )
}
