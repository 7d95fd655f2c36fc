import { describe, expect, it } from 'vitest';
import { splitSqlStatements } from './split-sql.js';

describe('splitSqlStatements', () => {
  it('splits statements at semicolons and drops comments between them', () => {
    expect(
      splitSqlStatements('-- header\nCREATE TABLE a (x INTEGER);\n\n/* b */ DROP TABLE b;  -- done\n'),
    ).toStrictEqual(['CREATE TABLE a (x INTEGER);', 'DROP TABLE b;']);
  });

  it('does not split inside string literals, quoted identifiers or comments', () => {
    const statement = `INSERT INTO "a;b" ([c;d], \`e;f\`) VALUES ('it''s; fine', /* ; */ 1 -- ;\n);`;
    expect(splitSqlStatements(`${statement}\nSELECT 1;`)).toStrictEqual([statement, 'SELECT 1;']);
  });

  it('keeps a trigger body with CASE … END in one statement', () => {
    const trigger = [
      'CREATE TEMP TRIGGER t AFTER INSERT ON a BEGIN',
      '  UPDATE a SET x = CASE WHEN new.x > 0 THEN 1 ELSE 0 END;',
      '  DELETE FROM b;',
      'END;',
    ].join('\n');
    expect(splitSqlStatements(`${trigger}\nSELECT 2;`)).toStrictEqual([trigger, 'SELECT 2;']);
  });

  it('keeps a last statement without a semicolon and ignores blank input', () => {
    expect(splitSqlStatements('SELECT 1;\nSELECT 2\n')).toStrictEqual(['SELECT 1;', 'SELECT 2']);
    expect(splitSqlStatements('  -- only a comment\n')).toStrictEqual([]);
  });
});
