/** Field message keys the server sends (zod messages of the shared schemas) and their translations. */
const FIELD_MESSAGES = {
  required: 'fields.required',
  'too-long': 'fields.too-long',
  email: 'fields.email',
  'password-too-short': 'fields.password-too-short',
  taken: 'fields.taken',
  incorrect: 'fields.incorrect',
  date: 'fields.date',
  unknown: 'fields.unknown',
  mismatch: 'fields.mismatch',
} as const;

export type FieldMessageKey = (typeof FIELD_MESSAGES)[keyof typeof FIELD_MESSAGES] | 'fields.invalid';

/** The locale key for a server field message; unknown ones read as "not valid". */
export function fieldMessageKey(message: string): FieldMessageKey {
  return Object.hasOwn(FIELD_MESSAGES, message) ? FIELD_MESSAGES[message as keyof typeof FIELD_MESSAGES] : 'fields.invalid';
}
