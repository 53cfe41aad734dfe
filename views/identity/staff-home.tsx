import { t } from '../../src/lib/i18n/index.js'
import { UserData } from '../components/status.js'

export function StaffHomePage({
  name,
  staffNo,
  department,
  roles,
  links,
}: {
  name: string
  staffNo: string
  department: string
  roles: string[]
  links: { href: string; label: string; desc: string }[]
}) {
  return (
    <section>
      <h1>{t('工作台')}</h1>
      <p>
        <UserData>{name}</UserData>
        {t('（工号 {staffNo}，', { staffNo })}
        <UserData>{department}</UserData>
        {t('）· 角色：{roles}', { roles: roles.map((r) => t(r)).join(t('、')) })}
      </p>
      <ul class="cards">
        {links.map((l) => (
          <li class="card">
            <a href={l.href}>
              <strong>{l.label}</strong>
              <span class="muted">{l.desc}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  )
}
