/** Node module hooks (module.register): `import 'electron'` resolves to the built fake electron. */
let fakeUrl;

export function initialize(data) {
  fakeUrl = data.fakeUrl;
}

export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: fakeUrl, shortCircuit: true };
  return next(specifier, context);
}
