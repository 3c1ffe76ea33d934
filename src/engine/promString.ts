/**
 * A PromQL double-quoted string literal: backslash, quote and line breaks escaped. Every label value
 * that comes from a person (status names, service names, patterns) goes through this, never pasted.
 * The queries themselves are built in `src/queries/promql.ts`.
 */
export function promString(value: string): string {
  let out = '"';
  for (const char of value) {
    switch (char) {
      case '\\':
        out += '\\\\';
        break;
      case '"':
        out += '\\"';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      default:
        out += char;
    }
  }
  return `${out}"`;
}
