import type { Generated, Selectable } from 'kysely'

export interface CertificateKeysTable {
  kid: string
  publicJwk: string
  /** The private JWK, encrypted under APP_KEY (FieldCrypto): every node can sign, nothing readable in a dump. */
  privateEnc: string
  createdAt: string
  retiredAt: string | null
}

export interface CertificatesTable {
  id: Generated<number>
  number: string
  applicationRef: string
  /** Null once the holder's account is closed and erased; the masked name stays for verifiers. */
  userId: number | null
  type: string
  category: string
  holderNameEnc: string | null
  holderMasked: string
  issuer: string
  kid: string
  token: string
  issuedAt: string
  expiresAt: string
  status: 'valid' | 'revoked'
  revokedAt: string | null
  revokeReason: string | null
}
export type CertificateRow = Selectable<CertificatesTable>

export interface CertificateVerificationsTable {
  id: Generated<number>
  certificateId: number
  channel: 'page' | 'api' | 'share'
  shareId: number | null
  ipMasked: string | null
  agent: string | null
  at: string
}

export interface CertificateSharesTable {
  id: Generated<number>
  certificateId: number
  tokenHash: string
  label: string
  createdAt: string
  expiresAt: string
  revokedAt: string | null
}
