/** A problem with the import file as a whole (unreadable, empty, missing columns, bad mapping): one clear line for the user. */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ImportFileError'
  }
}
