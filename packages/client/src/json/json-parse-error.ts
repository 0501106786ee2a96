import { SluiceError } from '../errors/sluice-error.js'

/**
 * The text can no longer be a prefix of valid JSON, or it ended before the document did. The
 * message names what was expected and what was found, e.g. `Expected ',' or '}' after an object
 * member, found 'x' at line 3, column 7`.
 */
export class JsonParseError extends SluiceError {
  override name = 'JsonParseError'

  constructor(
    message: string,
    /** 0-based offset, in UTF-16 code units, in all the text pushed (a markdown fence included). */
    readonly offset: number,
    /** 1-based line: LF, CR and CRLF each end a line. */
    readonly line: number,
    /** 1-based column, in UTF-16 code units. */
    readonly column: number,
  ) {
    super('invalid-json', message)
  }
}
