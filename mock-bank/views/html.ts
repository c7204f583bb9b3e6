/** Tiny HTML templating: every interpolated value goes through `html`'s escaping unless wrapped in `raw`. */

export class Raw {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function raw(value: string): Raw {
  return new Raw(value);
}

export function escapeHtml(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

type Value = Raw | string | number | boolean | null | undefined | Value[];

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Raw) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(value);
}

/** Tagged template: `html\`<p>${userInput}</p>\`` escapes userInput; nested `html` results pass through. */
export function html(strings: TemplateStringsArray, ...values: Value[]): Raw {
  let out = strings[0];
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1];
  });
  return new Raw(out);
}

export interface Brand {
  name: string;
  color: string;
  logoText: string;
  tagline?: string;
}

const NEUTRAL: Brand = { name: 'Mock Bank', color: '#334155', logoText: 'MB' };

export function page(opts: { title: string; brand?: Brand; body: Raw }): string {
  const brand = opts.brand ?? NEUTRAL;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} · ${brand.name}</title>
<style>
:root { --brand: ${brand.color}; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1e293b; background: #f1f5f9; }
header { background: var(--brand); color: #fff; padding: 14px 24px; display: flex; align-items: center; gap: 12px; }
header .logo { width: 36px; height: 36px; border-radius: 8px; background: #fff; color: var(--brand); font-weight: 700; display: grid; place-items: center; }
header .tagline { opacity: .8; font-size: 13px; }
main { max-width: 720px; margin: 24px auto; background: #fff; border-radius: 10px; padding: 24px 28px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
h1 { font-size: 22px; margin-top: 0; }
label { display: block; margin: 10px 0 4px; font-weight: 600; }
input[type=text], input[type=password], input[type=url], textarea, select { width: 100%; padding: 8px 10px; border: 1px solid #cbd5e1; border-radius: 6px; font: inherit; }
.check { display: flex; gap: 8px; align-items: flex-start; font-weight: 400; }
button { font: inherit; padding: 9px 18px; border-radius: 6px; border: 1px solid var(--brand); background: var(--brand); color: #fff; cursor: pointer; margin: 16px 8px 0 0; }
button.secondary { background: #fff; color: var(--brand); }
.error { background: #fee2e2; color: #991b1b; padding: 10px 12px; border-radius: 6px; }
.note { background: #fef9c3; padding: 10px 12px; border-radius: 6px; font-size: 14px; }
.muted { color: #64748b; font-size: 13px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
td, th { text-align: left; padding: 6px 8px; border-bottom: 1px solid #e2e8f0; vertical-align: top; }
code { background: #f1f5f9; padding: 1px 4px; border-radius: 4px; }
fieldset { border: 1px solid #e2e8f0; border-radius: 8px; margin: 14px 0; }
</style>
</head>
<body>
<header><div class="logo">${brand.logoText}</div><div><div><strong>${brand.name}</strong></div><div class="tagline">${brand.tagline ?? ''}</div></div></header>
<main>
${opts.body}
</main>
</body>
</html>`.value;
}
