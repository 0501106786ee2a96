/** A command-line flag's value (`--name value`), or `fallback`. */
export function flag(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`)
  return (index >= 0 ? process.argv[index + 1] : undefined) ?? fallback
}
