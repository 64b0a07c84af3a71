/**
 * The workbook functions' help in another language: the functions.json that
 * custom-functions-metadata makes from the JSDoc (English), with each function's and
 * each parameter's description taken from a catalogue (addin/src/functions/help.<lang>.json).
 * Ids and names stay (`INV.STOCK` in every language); the manifest points Excel at
 * the file of its display language. Every function and parameter needs its text:
 * a missing or a stale one (a function or parameter the code no longer has) is an error.
 */
export function localizeFunctions(metadata, help, lang) {
  const problems = [];
  const known = new Set(metadata.functions.map((f) => f.id));
  for (const id of Object.keys(help))
    if (!known.has(id)) problems.push(`${lang}: help for ${id}, which is no function`);
  const functions = metadata.functions.map((f) => {
    const entry = help[f.id];
    if (!entry?.description) problems.push(`${lang}: no description for ${f.id}`);
    const names = new Set(f.parameters.map((p) => p.name));
    for (const name of Object.keys(entry?.parameters ?? {}))
      if (!names.has(name))
        problems.push(`${lang}: help for ${f.id}(${name}), which is no parameter`);
    return {
      ...f,
      description: entry?.description ?? f.description,
      parameters: f.parameters.map((p) => {
        const text = entry?.parameters?.[p.name];
        if (!text) problems.push(`${lang}: no help for ${f.id}(${p.name})`);
        return { ...p, description: text ?? p.description };
      }),
    };
  });
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return { ...metadata, functions };
}
