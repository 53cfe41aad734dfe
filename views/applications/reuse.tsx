import { t } from '../../src/lib/i18n/index.js'
import { formatCst, formatCstDate } from '../../src/lib/time.js'

/** A staff-verified material from an earlier case, offered instead of a new upload ("tell us once"). */
export interface ReuseOfferView {
  key: string
  filename: string
  fromRef: string
  verifiedAt: string
}

/** Inside a material's file field: use the verified file of an earlier case (a button posting the whole form). */
export function ReuseOffer({ offer }: { offer: ReuseOfferView }) {
  return (
    <div class="reuse-offer" data-qa={`reuse-offer-${offer.key}`}>
      <p class="hint">
        {t('无需重新上传：您在办件 {ref} 中提交的“{file}”已于 {date} 经工作人员核验，可直接使用。', {
          ref: offer.fromRef,
          file: offer.filename,
          date: formatCstDate(offer.verifiedAt),
        })}
      </p>
      <button
        type="submit"
        class="button secondary"
        formaction="/applications/reuse-material"
        formnovalidate
        name="reuse"
        value={offer.key}
        data-qa={`reuse-${offer.key}`}
      >
        {t('使用已核验的材料')}
      </button>
    </div>
  )
}

/** Below an uploaded material that was reused: where it came from. */
export function ReusedNote({ fromRef }: { fromRef: string }) {
  return (
    <p class="hint" data-qa="reused-note">
      {t('复用自办件 {ref}（已经工作人员核验，B级）', { ref: fromRef })}
    </p>
  )
}

export interface ReusedMaterialView {
  label: string
  filename: string
  fromRef: string
  verifiedAt: string
  verifiedBy: { name: string; staffNo: string } | null
}

/** Staff case page: each reused material — reused from case …, verified by … on …. */
export function ReusedMaterials({ reused }: { reused: ReusedMaterialView[] }) {
  if (!reused.length) return null
  return (
    <section class="panel" data-qa="reused-materials">
      <h2>{t('复用的已核验材料（一次告知）')}</h2>
      <ul class="plain">
        {reused.map((r) => (
          <li data-qa="reused-material" data-from={r.fromRef}>
            <strong>{r.label}</strong>（{r.filename}）：
            {t('复用自办件 {ref}，由{who}于 {date} 核验', {
              ref: r.fromRef,
              who: r.verifiedBy ? t('{name}（工号 {no}）', { name: r.verifiedBy.name, no: r.verifiedBy.staffNo }) : t('工作人员'),
              date: formatCst(r.verifiedAt),
            })}{' '}
            <a href={`/staff/cases/${r.fromRef}`}>{t('查看原办件')}</a>
          </li>
        ))}
      </ul>
    </section>
  )
}
