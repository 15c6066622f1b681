/** Why an access change was refused, in domain words; the routes and the CLI each say it their way. */
export class AccessError extends Error {
  constructor(
    readonly kind: 'not_found' | 'forbidden' | 'conflict' | 'invalid',
    message: string,
    /** The input field at fault, when there is one. */
    readonly field?: string,
  ) {
    super(message)
  }
}
