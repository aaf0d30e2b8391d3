/**
 * Hive's lexer rule for a string literal, written independently of the code under test:
 * StringLiteral: '\'' ( ~('\''|'\\') | ('\\' .) )* '\''. Returns the decoded value and where the
 * literal ends, so a test can prove a literal ends exactly where the code meant it to.
 */
export function readHiveLiteral(text: string, start: number): { value: string; end: number } {
  if (text[start] !== "'") throw new Error(`no literal at ${start}`);
  let value = '';
  for (let i = start + 1; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === "'") return { value, end: i + 1 };
    if (c === '\\') {
      const next = text[++i]!;
      value += next === 'n' ? '\n' : next === 'r' ? '\r' : next;
    } else value += c;
  }
  throw new Error('unterminated literal');
}

/** Every literal of a statement, and the statement with each literal replaced by `?`. */
export function splitHiveLiterals(statement: string): { literals: string[]; shape: string } {
  const literals: string[] = [];
  let shape = '';
  for (let i = 0; i < statement.length; ) {
    if (statement[i] === "'") {
      const read = readHiveLiteral(statement, i);
      literals.push(read.value);
      shape += '?';
      i = read.end;
    } else shape += statement[i++];
  }
  return { literals, shape };
}
