import { t } from '../../lib/i18n/index.js'
import { Hono, type Context } from 'hono'
import QRCode from 'qrcode'
import type { AppEnv } from '../../middleware/env.js'
import { formAction } from '../../lib/forms.js'
import { AppError } from '../../lib/errors.js'
import { MyCertificatesPage, VerifyPage } from '../../../views/certificates/pages.js'
import { certificatePdf } from '../../../views/certificates/pdf.js'
import { OPENAPI } from './openapi.js'

const seenFrom = (c: { get(k: 'audit'): { ip: string | null; userAgent: string | null } }) => ({
  ip: c.get('audit').ip,
  userAgent: c.get('audit').userAgent,
})
const notFoundJson = { error: 'not_found', message: '未找到该证照，或证照信息已被篡改' } as const

/** `/verify`: public verification pages (no login) — the QR code's address, its image, and share links. */
export const verifyRoutes = new Hono<AppEnv>()

verifyRoutes.get('/share/:token', async (c) => {
  const r = await c.get('services').certificates.openShare(c.req.param('token'), seenFrom(c))
  if (!r) throw new AppError('not_found', t('分享链接不存在或已失效'))
  return c.render(<VerifyPage c={r} sharedWith={r.sharedWith} holderFull={r.holderFull} />, { title: t('电子证照核验') })
})

verifyRoutes.get('/:token/qr.svg', async (c) => {
  const url = `${c.get('services').deps.config.publicUrl}/verify/${c.req.param('token')}`
  if (url.length > 1200) throw new AppError('not_found', t('未找到该证照'))
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 })
  return c.body(svg, 200, { 'content-type': 'image/svg+xml; charset=utf-8' })
})

verifyRoutes.get('/:token', async (c) => {
  const r = await c.get('services').certificates.verifyToken(c.req.param('token'), { channel: 'page', ...seenFrom(c) })
  if (!r) throw new AppError('not_found', t('未找到该证照，或证照信息已被篡改'))
  return c.render(<VerifyPage c={r} />, { title: t('电子证照核验') })
})

/** `/api/v1`: the same verification as JSON, described by an OpenAPI document; the signing keys as a JWKS. */
export const apiRoutes = new Hono<AppEnv>()
apiRoutes.get('/openapi.json', (c) => c.json(OPENAPI))
apiRoutes.get('/jwks.json', async (c) => c.json(await c.get('services').certificates.publicKeys()))
apiRoutes.get('/certificates/:token', async (c) => {
  const r = await c.get('services').certificates.verifyToken(c.req.param('token'), { channel: 'api', ...seenFrom(c) })
  return r ? c.json(r) : c.json(notFoundJson, 404)
})

/** `/me/certificates`: the holder's certificates, PDF, share links, and who verified them. */
export const myCertificateRoutes = new Hono<AppEnv>()

async function myPage(c: Context<AppEnv>, extra: Partial<Parameters<typeof MyCertificatesPage>[0]> = {}) {
  const svc = c.get('services')
  const certs = await svc.certificates.ofHolder(c.get('citizen').id)
  return c.render(<MyCertificatesPage certs={certs} publicUrl={svc.deps.config.publicUrl} {...extra} />, { title: t('我的电子证照') })
}

myCertificateRoutes.get('/', (c) => myPage(c))

myCertificateRoutes.get('/:number/pdf', async (c) => {
  const svc = c.get('services')
  const mine = (await svc.certificates.ofHolder(c.get('citizen').id)).find((x) => x.number === c.req.param('number'))
  if (!mine) throw new AppError('not_found', t('未找到该证照'))
  const full = await svc.certificates.forApplication(c.get('citizen').id, mine.applicationRef)
  const pdf = await certificatePdf({ ...mine, holderFull: full!.holderFull }, `${svc.deps.config.publicUrl}/verify/${mine.token}`)
  return c.body(new Uint8Array(pdf), 200, {
    'content-type': 'application/pdf',
    'content-disposition': `attachment; filename="certificate-${mine.number}.pdf"`,
  })
})

myCertificateRoutes.post('/:number/shares', (c) => {
  const svc = c.get('services')
  const number = c.req.param('number')
  return formAction(c, {
    values: (f) => ({ label: f.label ?? '', days: f.days ?? '' }),
    run: (v, f) =>
      svc.certificates.createShare(c.get('audit'), c.get('citizen').id, number, { label: v.label ?? '', days: Number(f.days) }),
    done: (token) => {
      c.status(201)
      return myPage(c, { newShare: { number, url: `${svc.deps.config.publicUrl}/verify/share/${token}` } })
    },
    again: ({ values, errors }) => myPage(c, { errors, values, errorFor: number }),
  })
})

myCertificateRoutes.post('/:number/shares/:id/revoke', async (c) => {
  await c.get('services').certificates.revokeShare(c.get('audit'), c.get('citizen').id, c.req.param('number'), Number(c.req.param('id')))
  return c.redirect('/me/certificates', 303)
})
