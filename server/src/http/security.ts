import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { ErrorCode } from '@dialogo/shared';
import { isAllowedOrigin } from '../auth/origin.ts';
import { AppError } from '../errors.ts';

/**
 * Security headers through Hono's maintained middleware. The content security policy allows
 * scripts only from this origin (no inline script), connections only back to it (HTTP, the
 * document WebSocket, socket.io), and no framing.
 */
export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // Editors and carets set style attributes; no script can come through this.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    referrerPolicy: 'same-origin',
    crossOriginEmbedderPolicy: false,
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing requests from other origins (CSRF), for JSON and form bodies alike.
 * `Sec-Fetch-Site` covers browsers that omit `Origin`.
 */
export function sameOriginWrites(trustedOrigins: readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header('origin');
      const site = c.req.header('sec-fetch-site');
      if (!isAllowedOrigin(origin, c.req.header('host'), trustedOrigins) || (origin === undefined && site === 'cross-site')) {
        throw new AppError(ErrorCode.crossOrigin, 403, 'Requests that change data must come from Dialogo itself.');
      }
    }
    await next();
  };
}
