import type { IdentityDeps } from './common.js'
import { createSignInService } from './sign-in.js'
import { createAccountService } from './account.js'
import { createStaffAccessService } from './staff-access.js'

export { SMS_PURPOSES, type SmsPurpose } from './sign-in.js'

/**
 * Identity, in three parts: sign-in (sign-in.ts), the citizen's account (account.ts) and staff
 * access (staff-access.ts), offered to the rest of the app as one service.
 */
export function createIdentityService(deps: IdentityDeps) {
  const signIn = createSignInService(deps)
  const account = createAccountService({ ...deps, verifySmsCode: signIn.verifySmsCode })
  const staff = createStaffAccessService({ ...deps, verifyIdentity: account.verifyIdentity })
  return { ...signIn, ...account, ...staff }
}

export type IdentityService = ReturnType<typeof createIdentityService>
