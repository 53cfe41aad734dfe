import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { KeyRotation } from '../../lib/crypto.js'
import * as repo from './repository.js'

/** Applications' part of key rotation (identity/keys.ts rotateKeys): payee accounts, through its own repository. */
export const rotateApplicationKeys = (db: Kysely<Database>, rot: KeyRotation): Promise<number> => repo.rotateCiphertexts(db, rot)
