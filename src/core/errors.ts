/**
 * Errors carry a code and a human message. Infrastructure and broken input throw AppError;
 * domain outcomes (a wrong answer, no quiz today) are values, not throws.
 */
export type ErrorCode =
  | 'config.invalid'
  | 'bank.invalid'
  | 'calendar.invalid'
  | 'channel.bad_signature'
  | 'channel.stale_request'
  | 'channel.decrypt_failed'
  | 'channel.bad_payload'
  | 'channel.too_large'
  | 'platform.api_error'
  | 'platform.http_error'
  | 'store.corrupt'
  | 'store.locked'
  | 'store.missing'
  | 'message.timeout'
  | 'input.invalid'
  | 'input.unsupported_media_type'
  | 'input.rate_limited'
  | 'input.quota_exceeded'
  | 'auth.unauthorized'
  | 'auth.forbidden'
  | 'auth.rate_limited';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export function isAppError(err: unknown, code?: ErrorCode): err is AppError {
  return err instanceof AppError && (code === undefined || err.code === code);
}
