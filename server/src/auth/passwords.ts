import { hash, verify } from '@node-rs/argon2';

/*
 * Passwords are hashed with argon2id through @node-rs/argon2: maintained, prebuilt for every
 * platform (no compiler at install), and off the event loop. The library's defaults follow the
 * OWASP recommendation (19 MiB, 2 iterations, 1 lane). Only the PHC string is ever stored.
 */

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Verifying against a real hash for unknown accounts costs the same time as for known ones, so
// the answer time does not tell which emails have an account.
let decoy: Promise<string> | null = null;

/** True when `password` matches `phc`; with no `phc` (unknown account) spends the same time and fails. */
export async function verifyPassword(phc: string | undefined, password: string): Promise<boolean> {
  if (!phc) {
    decoy ??= hash('decoy password that never matches');
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(phc, password).catch(() => false);
}
