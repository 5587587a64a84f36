/** What this needs of a shared zod schema (the client does not depend on zod itself). */
interface Schema {
  safeParse(value: unknown): { success: true } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

/**
 * Checks a form's value with the same shared schema the server uses, so a field is marked before
 * any request is sent, with the message the server would give (`required`, `date`...). Returns
 * the messages by field path (`icc.date`), or null when the value is valid.
 */
export function fieldErrors(schema: Schema, value: unknown): Record<string, string> | null {
  const parsed = schema.safeParse(value);
  if (parsed.success) return null;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) fields[issue.path.map(String).join('.') || '_'] ??= issue.message;
  return fields;
}

/** Moves focus to the first field of `form` marked invalid, so its message is read out. */
export function focusFirstInvalid(form: HTMLElement | null): void {
  form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
