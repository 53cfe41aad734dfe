import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { KeyRotation } from '../../lib/crypto.js'
import * as repo from './repository.js'

/** Privacy's part of key rotation (identity/keys.ts rotateKeys): its own tables, through its own repository. */
export const rotatePrivacyKeys = (db: Kysely<Database>, rot: KeyRotation): Promise<number> => repo.rotateCiphertexts(db, rot)
