/**
 * Splits a migration file into single statements, because better-sqlite3 prepares one
 * statement at a time. Semicolons inside string literals, quoted identifiers and
 * comments do not split; in `CREATE TRIGGER … BEGIN … END;` only the `;` that closes
 * the body does (`CASE … END` inside it is counted). Comments and blank text between statements are dropped.
 *
 * @example
 * splitSqlStatements("CREATE TABLE a (x TEXT DEFAULT ';'); -- done\nDROP TABLE b;");
 * // ["CREATE TABLE a (x TEXT DEFAULT ';');", 'DROP TABLE b;']
 */
export function splitSqlStatements(text: string): string[] {
  const statements: string[] = [];
  let start = -1; // index of the current statement's first token, -1 between statements
  let words: string[] = []; // the statement's first words, to recognise CREATE TRIGGER
  let depth = 0; // open BEGIN/CASE blocks of a trigger
  let i = 0;

  const isTrigger = () => {
    const [create, second, third] = words;
    return (
      create === 'CREATE' &&
      (second === 'TRIGGER' || ((second === 'TEMP' || second === 'TEMPORARY') && third === 'TRIGGER'))
    );
  };
  const skipPast = (close: string, from: number) => {
    const end = text.indexOf(close, from);
    return end === -1 ? text.length : end + close.length;
  };

  while (i < text.length) {
    const char = text[i] as string;
    const next = text[i + 1];
    if (char === '-' && next === '-') {
      i = skipPast('\n', i + 2);
      continue;
    }
    if (char === '/' && next === '*') {
      i = skipPast('*/', i + 2);
      continue;
    }
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    if (start === -1) start = i;
    if (char === "'" || char === '"' || char === '`') {
      // A doubled quote inside is two adjacent literals to this scanner: same result.
      i = skipPast(char, i + 1);
    } else if (char === '[') {
      i = skipPast(']', i + 1);
    } else if (/[A-Za-z_]/.test(char)) {
      let end = i + 1;
      while (end < text.length && /[A-Za-z0-9_$]/.test(text[end] as string)) end++;
      const word = text.slice(i, end).toUpperCase();
      if (words.length < 3) words.push(word);
      if (word === 'BEGIN' || word === 'CASE') depth++;
      else if (word === 'END') depth--;
      i = end;
    } else if (char === ';') {
      i++;
      if (!isTrigger() || depth <= 0) {
        statements.push(text.slice(start, i));
        start = -1;
        words = [];
        depth = 0;
      }
    } else {
      i++;
    }
  }
  if (start !== -1) {
    const rest = text.slice(start).trim();
    if (rest) statements.push(rest);
  }
  return statements;
}
