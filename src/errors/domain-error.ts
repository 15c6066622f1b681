/** What kind of refusal a domain error is; the HTTP layer and the CLI each say it their way. */
export type DomainErrorKind = 'not_found' | 'conflict' | 'invalid' | 'forbidden'

/**
 * A change the domain refuses, in domain words and without any HTTP: the app maps it to 404, 409, 400 or 403
 * in one place, the CLI to a one-line failure.
 * @example throw new DomainError('conflict', 'a user with this e-mail already exists', 'email')
 */
export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    /** The input field at fault, when there is one. */
    readonly field?: string,
  ) {
    super(message)
  }
}
