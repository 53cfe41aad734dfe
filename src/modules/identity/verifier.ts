/**
 * Real-name verification against an authority sits behind this interface (DESIGN §2). The default
 * checks format and checksums only and says so: `method` is recorded on the user.
 */
export interface IdentityVerifier {
  verifyPerson(input: { realName: string; idNumber: string }): Promise<{ ok: boolean; method: string; reason?: string }>
  verifyEnterprise(input: {
    companyName: string
    uscc: string
    legalRepName: string
    legalRepIdNumber: string
  }): Promise<{ ok: boolean; method: string; reason?: string }>
}

export const formatOnlyVerifier: IdentityVerifier = {
  verifyPerson() {
    return Promise.resolve({ ok: true, method: 'format-checksum-only' })
  },
  verifyEnterprise() {
    return Promise.resolve({ ok: true, method: 'format-checksum-only' })
  },
}
