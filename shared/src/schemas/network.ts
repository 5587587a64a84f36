import { z } from 'zod';
import { LIMITS } from '../limits.ts';
import { patchOf } from './patch.ts';

/**
 * The network, its cities and its people as the HTTP API speaks them. The server validates every
 * body with these schemas; the client reuses them for its forms, so both report the same
 * per-field messages (codes such as `required`, translated by the client).
 */

/** A person's role in the network (see the access rules in server/src/access/policy.ts). */
export const Role = {
  coordinator: 'coordinator',
  delegate: 'delegate',
  expert: 'expert',
  guest: 'guest',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const ROLES = Object.values(Role) as [Role, ...Role[]];

/** Languages of the interface. */
export const LANGUAGES = ['it', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Status of a city's ICC Index profile. */
export const IccStatus = { none: 'none', inProgress: 'in-progress', published: 'published' } as const;
export type IccStatus = (typeof IccStatus)[keyof typeof IccStatus];

/** `YYYY-MM-DD` or `YYYY-MM` (the seeds know some dates only to the month). */
const isoDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/, 'date');

export const CitySchema = z.object({
  id: z.string(),
  name: z.string(),
  region: z.string(),
  icc: z.object({ status: z.enum(Object.values(IccStatus) as [IccStatus, ...IccStatus[]]), date: isoDate.optional() }),
  statementOfIntent: z.object({ signed: z.boolean(), date: isoDate.optional() }),
  archived: z.boolean(),
  /** People of the city with the delegate role, for the dashboard. */
  delegates: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type City = z.infer<typeof CitySchema>;

/** A city as `/api/cities` answers it, with whether the reader may change or archive it (`manage`). */
export const CityViewSchema = CitySchema.extend({ can: z.object({ manage: z.boolean() }) });
export type CityView = z.infer<typeof CityViewSchema>;

/** Body of `POST /api/cities` and `PATCH /api/cities/:id` (all fields, or a part for PATCH). */
export const CityInputSchema = z
  .object({
    name: z.string().trim().min(1, 'required').max(LIMITS.name, 'too-long'),
    region: z.string().trim().max(LIMITS.name, 'too-long').default(''),
    icc: z
      .object({
        status: z.enum(Object.values(IccStatus) as [IccStatus, ...IccStatus[]]),
        date: isoDate.optional(),
      })
      .default({ status: 'none' }),
    statementOfIntent: z.object({ signed: z.boolean(), date: isoDate.optional() }).default({ signed: false }),
    archived: z.boolean().default(false),
  })
  .strict();
export type CityInput = z.infer<typeof CityInputSchema>;
export const CityPatchSchema = patchOf(CityInputSchema.shape).strict();

/** A person as every signed-in member may see them (never the password hash). */
export const PersonSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  language: z.enum(LANGUAGES),
  role: z.enum(ROLES),
  /** The city of a delegate; absent for other roles. */
  cityId: z.string().optional(),
  archived: z.boolean(),
});
export type Person = z.infer<typeof PersonSchema>;

/**
 * A person as `GET /api/people` (and its changes) answer them, with what the reader may do with
 * them, as the policy says: `manage` change their role and city or archive them (a coordinator,
 * never on their own account), `resetPassword` give them a reset link.
 */
export const PersonViewSchema = PersonSchema.extend({ can: z.object({ manage: z.boolean(), resetPassword: z.boolean() }) });
export type PersonView = z.infer<typeof PersonViewSchema>;

const email = z.string().trim().toLowerCase().max(254, 'too-long').email('email');
/** At least 10 characters: long enough to resist guessing, short enough to type in a meeting. */
const newPassword = z.string().min(10, 'password-too-short').max(200, 'too-long');

/** Body of `POST /api/auth/login` (JSON or form). */
export const LoginSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, 'required').max(254, 'too-long'),
  password: z.string().min(1, 'required').max(200, 'too-long'),
});
export type LoginInput = z.infer<typeof LoginSchema>;

/** Body of `POST /api/invites`: who is invited, in which role, for which city. */
export const InviteInputSchema = z
  .object({
    role: z.enum(ROLES),
    cityId: z.string().min(1).max(LIMITS.id, 'too-long').optional(),
    /** Optional hints pre-filled on the acceptance form. */
    name: z.string().trim().max(LIMITS.name, 'too-long').optional(),
    email: email.optional().or(z.literal('').transform(() => undefined)),
    language: z.enum(LANGUAGES).optional(),
  })
  .refine((v) => v.role !== 'delegate' || !!v.cityId, { path: ['cityId'], message: 'required' });
export type InviteInput = z.infer<typeof InviteInputSchema>;

/** An invitation as a coordinator sees it; `url` is shown only once, when it is created. */
export const InviteSchema = z.object({
  id: z.string(),
  role: z.enum(ROLES),
  cityId: z.string().optional(),
  name: z.string().optional(),
  email: z.string().optional(),
  language: z.enum(LANGUAGES).optional(),
  createdAt: z.string(),
  expiresAt: z.string(),
  createdBy: z.string(),
  status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
  url: z.string().optional(),
});
export type Invite = z.infer<typeof InviteSchema>;

/** An invitation as `/api/invites` answers it, with whether the reader may revoke it (a pending one, by who manages people). */
export const InviteViewSchema = InviteSchema.extend({ can: z.object({ revoke: z.boolean() }) });
export type InviteView = z.infer<typeof InviteViewSchema>;

/** What `GET /api/invites/:token` tells the invited person before they accept. */
export const InvitePreviewSchema = z.object({
  role: z.enum(ROLES),
  cityName: z.string().optional(),
  name: z.string().optional(),
  email: z.string().optional(),
  /** The language the coordinator expects; the invited person chooses on the form. */
  language: z.enum(LANGUAGES).optional(),
  networkName: z.string(),
  expiresAt: z.string(),
});
export type InvitePreview = z.infer<typeof InvitePreviewSchema>;

/** Body of `POST /api/invites/:token/accept`. */
export const AcceptInviteSchema = z.object({
  name: z.string().trim().min(1, 'required').max(LIMITS.name, 'too-long'),
  email,
  password: newPassword,
  language: z.enum(LANGUAGES),
});
export type AcceptInviteInput = z.infer<typeof AcceptInviteSchema>;

/** Body of `POST /api/password-resets/:token`. */
export const ResetPasswordSchema = z.object({ password: newPassword });

/** Body of `POST /api/me/password`: the current password proves it is the person, not a borrowed session. */
export const ChangePasswordSchema = z.object({
  currentPassword: z.string().min(1, 'required').max(200, 'too-long'),
  newPassword,
});
export type ChangePasswordInput = z.infer<typeof ChangePasswordSchema>;

/** A password-reset link issued by a coordinator (there is no mail server: they send it). */
export const PasswordResetSchema = z.object({ url: z.string(), expiresAt: z.string() });
export type PasswordReset = z.infer<typeof PasswordResetSchema>;

/** Body of `PATCH /api/me`. */
export const ProfileInputSchema = z
  .object({
    name: z.string().trim().min(1, 'required').max(LIMITS.name, 'too-long'),
    language: z.enum(LANGUAGES),
  })
  .partial();

/** Body of `PATCH /api/people/:id` (coordinators): role, city, archive. */
export const PersonPatchSchema = z
  .object({
    role: z.enum(ROLES),
    cityId: z.string().min(1).max(LIMITS.id, 'too-long').nullable(),
    archived: z.boolean(),
  })
  .partial();

/** The network and its dashboard figures (`GET /api/network`). */
export const NetworkSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The language of what the server writes into the network's shared documents and files. */
  language: z.enum(LANGUAGES).optional(),
  stats: z.object({
    /** Member cities, archived ones excluded. */
    cities: z.number(),
    /** With an ICC Index profile (in progress or published). */
    withProfile: z.number(),
    published: z.number(),
    inProgress: z.number(),
    statementSigned: z.number(),
  }),
});
export type Network = z.infer<typeof NetworkSchema>;

/** Body of `PATCH /api/network` (coordinators): the network's name and language. */
export const NetworkSettingsPatchSchema = z
  .object({ name: z.string().trim().min(1, 'required').max(LIMITS.name, 'too-long'), language: z.enum(LANGUAGES) })
  .partial()
  .strict();

/** `GET /api/auth/me`: who is signed in and what they may do at the network level. */
export const MeSchema = z.object({
  person: PersonSchema,
  network: z.object({ id: z.string(), name: z.string() }),
  can: z.object({ readNetwork: z.boolean(), manageCities: z.boolean(), managePeople: z.boolean(), createDocuments: z.boolean() }),
});
export type Me = z.infer<typeof MeSchema>;
