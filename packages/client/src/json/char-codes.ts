// UTF-16 code units the scanners compare against: `charCodeAt` and integer compares keep the
// per-character work free of allocation.
export const TAB = 0x09
export const LF = 0x0a
export const CR = 0x0d
export const SPACE = 0x20
export const QUOTE = 0x22
export const PLUS = 0x2b
export const COMMA = 0x2c
export const MINUS = 0x2d
export const DOT = 0x2e
export const DIGIT_0 = 0x30
const DIGIT_9 = 0x39
export const COLON = 0x3a
export const UPPER_E = 0x45
export const OPEN_BRACKET = 0x5b
export const BACKSLASH = 0x5c
export const CLOSE_BRACKET = 0x5d
export const BACKTICK = 0x60
export const LOWER_E = 0x65
export const LOWER_F = 0x66
export const LOWER_N = 0x6e
export const LOWER_T = 0x74
export const LOWER_U = 0x75
export const OPEN_BRACE = 0x7b
export const CLOSE_BRACE = 0x7d
/** Passed where a code unit is expected, to mean that the input ended. */
export const END_OF_INPUT = -1

/** [spec] RFC 8259 §2: whitespace is space, tab, line feed and carriage return, nothing else. */
export function isJsonWhitespace(code: number): boolean {
  return code === SPACE || code === LF || code === CR || code === TAB
}

export function isDigit(code: number): boolean {
  return code >= DIGIT_0 && code <= DIGIT_9
}
