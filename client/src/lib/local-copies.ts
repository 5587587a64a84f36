/**
 * Whose device copies (IndexedDB) documents open with. Each person keeps their own copy of a
 * document, so on a shared computer one person's unsent edits are never sent, or shown, under the
 * next person's session (the server would refuse them: content belongs to whoever wrote it).
 */
let owner: string | null = null;

/** Set by the session when someone signs in (their id) or out (null). */
export function setLocalCopyOwner(personId: string | null): void {
  owner = personId;
}

/** The IndexedDB database of a document for the signed-in person. */
export function localCopyName(docName: string): string {
  return copyOf(owner, docName);
}

/** The IndexedDB database of a document for a given person (or for no one). */
export function copyOf(personId: string | null, docName: string): string {
  return personId ? `dialogo:${personId}:${docName}` : `dialogo:${docName}`;
}
