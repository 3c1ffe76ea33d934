/** Values a provisioning file holds. */
export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

/**
 * Writes provisioning YAML for plain data. Every string is double-quoted with JSON escapes (valid
 * YAML), so no PromQL or template text can be misread as YAML syntax.
 */
export function toYaml(value: YamlValue, indent = 0): string {
  return `${render(value, indent).replace(/^\n/, '')}\n`;
}

function scalar(value: string | number | boolean | null): string {
  if (value === null) {
    return 'null';
  }
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function isScalar(value: YamlValue): value is string | number | boolean | null {
  return value === null || typeof value !== 'object';
}

function render(value: YamlValue, indent: number): string {
  const pad = ' '.repeat(indent);
  if (isScalar(value)) {
    return ` ${scalar(value)}`;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      return ' []';
    }
    return value
      .map((item) => {
        if (isScalar(item) || Array.isArray(item)) {
          return `\n${pad}-${render(item, indent + 2)}`;
        }
        // An object in a list starts on the dash line.
        const body = render(item, indent + 2).replace(/^\n\s*/, '');
        return `\n${pad}- ${body}`;
      })
      .join('');
  }
  const entries = Object.entries(value);
  if (entries.length === 0) {
    return ' {}';
  }
  return entries
    .map(([key, item]) => {
      const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : JSON.stringify(key);
      return `\n${pad}${name}:${render(item, indent + 2)}`;
    })
    .join('');
}
