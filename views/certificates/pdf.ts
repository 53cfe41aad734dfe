import fs from 'node:fs'
import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'
import type { CertificateView } from './pages.js'

/** Debian's fonts-wqy-microhei (installed by .ci/run; README): a CJK font the PDF embeds, so Chinese renders anywhere. */
export const DEFAULT_CJK_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc'
const FONT_NAME = 'WenQuanYiMicroHei'
/** The issuer as certificates store it, and its English name (for the bilingual line). */
const CERTIFICATE_ISSUER_ZH = '市人力资源和社会保障局（市人才服务中心）'
const ISSUER_EN = 'Municipal Human Resources and Social Security Bureau (Municipal Talent Service Centre)'

/**
 * The PDF is bilingual, whatever language it was downloaded in: it is an official paper that goes to
 * employers and counters in China (Chinese is the authoritative text) and with foreign talent abroad
 * (English alongside). Decision 0225. The embedded CJK font covers Latin letters too.
 */
const STATUS_TEXT = { valid: '有效 Valid', revoked: '已撤销 Revoked', expired: '已过期 Expired' } as const

const date = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 10)

/**
 * The certificate as a one-page A4 PDF: the facts, the holder's name, and a QR code of the public
 * verification address, so whoever holds the paper can check it is genuine and still valid.
 */
export async function certificatePdf(
  c: CertificateView & { holderFull: string },
  verifyUrl: string,
  fontPath = DEFAULT_CJK_FONT,
): Promise<Buffer> {
  if (!fs.existsSync(fontPath)) throw new Error(`CJK font missing: ${fontPath} (apt-get install fonts-wqy-microhei)`)
  const qr = await QRCode.toBuffer(verifyUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 220 })
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `${c.type} ${c.number}`, Author: c.issuer }, compress: true })
  const chunks: Buffer[] = []
  doc.on('data', (b: Buffer) => chunks.push(b))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))

  doc.font(fontPath, FONT_NAME)
  doc
    .rect(36, 36, doc.page.width - 72, doc.page.height - 72)
    .lineWidth(2)
    .stroke('#b8860b')
  doc.moveDown(2).fontSize(28).fillColor('#8b0000').text(c.type, { align: 'center' })
  doc.moveDown(0.3).fontSize(12).fillColor('#444').text(`证照编号 Certificate number：${c.number}`, { align: 'center' })
  doc.moveDown(2).fontSize(16).fillColor('#000')
  const line = (k: string, v: string) => doc.text(`${k}：${v}`, { lineGap: 10 })
  line('持证人 Holder', c.holderFull)
  line('认定类别 Category', c.category)
  line('有效期 Valid', `${date(c.issued_at)} 至 to ${date(c.expires_at)}`)
  line('证照状态 Status', `${STATUS_TEXT[c.status]}（以扫码核验结果为准 as shown by the QR code check）`)
  line('发证机关 Issuing authority', `${c.issuer}${c.issuer === CERTIFICATE_ISSUER_ZH ? ` ${ISSUER_EN}` : ''}`)
  doc.image(qr, (doc.page.width - 160) / 2, doc.y + 30, { width: 160 })
  doc.y += 200
  doc
    .fontSize(11)
    .fillColor('#444')
    .text('扫描二维码或打开下列地址核验真伪与有效状态 / Scan the QR code or open this address to check that it is genuine and valid:', {
      align: 'center',
    })
  doc.fontSize(8).text(verifyUrl, { align: 'center' })
  doc.end()
  return done
}
