import { z } from 'zod';

type WithoutDefault<T> = T extends z.ZodDefault<infer Inner> ? Inner : T;

/**
 * The body of a PATCH from the fields of a create: every field optional, and a field left out
 * stays as it is. `.partial()` alone does not do that: zod fills a field's default in even when
 * the field is optional, so a PATCH of a title would reset every defaulted field (a meeting's
 * visibility and participants, a city's archive flag, a poll's ballot...).
 */
export function patchOf<Shape extends z.ZodRawShape>(shape: Shape) {
  const fields = Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, field instanceof z.ZodDefault ? field.unwrap() : field]));
  return z.object(fields as { [K in keyof Shape]: WithoutDefault<Shape[K]> }).partial();
}
