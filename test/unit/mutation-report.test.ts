import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explain, originalOf, score, scoreTable, survivorList, type Equivalent, type Mutant, type MutationReport } from '../../bench/mutation/report';

const source = 'const a = 1;\nif (a > 0 &&\n    b) run();\n';
const at = (line: number, column: number, endLine: number, endColumn: number): Mutant['location'] => ({ start: { line, column }, end: { line: endLine, column: endColumn } });
const mutant = (status: Mutant['status'], location: Mutant['location'], replacement = 'true', mutatorName = 'ConditionalExpression'): Mutant => ({ id: '1', mutatorName, replacement, status, location });

test('originalOf cuts the replaced code out of the source, on one line or several (1-based, end exclusive)', () => {
  assert.equal(originalOf(source, at(1, 11, 1, 12)), '1');
  assert.equal(originalOf(source, at(2, 5, 3, 6)), 'a > 0 &&\n    b');
});

test('an equivalents entry explains a survivor by file, mutator and code before and after, whatever the whitespace or line', () => {
  const entry: Equivalent = { file: 'src/x.ts', mutator: 'ConditionalExpression', original: 'a > 0 && b', replacement: 'true', reason: 'r' };
  const survivor = mutant('Survived', at(2, 5, 3, 6));
  assert.equal(explain('src/x.ts', source, survivor, [entry]), entry);
  assert.equal(explain('src/y.ts', source, survivor, [entry]), undefined, 'another file');
  assert.equal(explain('src/x.ts', source, { ...survivor, replacement: 'false' }, [entry]), undefined, 'another replacement');
  assert.equal(explain('src/x.ts', source, { ...survivor, mutatorName: 'LogicalOperator' }, [entry]), undefined, 'another mutator');
});

test('the score is detected over detected and undetected; equivalents leave the count only in the last column', () => {
  assert.equal(score({ killed: 8, timeout: 1, survived: 1, noCoverage: 0, equivalent: 1 }), 90);
  assert.equal(score({ killed: 8, timeout: 1, survived: 1, noCoverage: 0, equivalent: 1 }, true), 100);
  assert.equal(score({ killed: 0, timeout: 0, survived: 0, noCoverage: 0, equivalent: 0 }), 100, 'no mutants: nothing missed');
});

test('the tables count per module and list each survivor, explained or not', () => {
  const report: MutationReport = {
    files: {
      'src/queue/a.ts': { source, mutants: [mutant('Killed', at(1, 11, 1, 12)), mutant('Survived', at(2, 5, 3, 6)), mutant('CompileError', at(1, 1, 1, 6))] },
      'demo/collector/b.ts': { source, mutants: [mutant('NoCoverage', at(1, 11, 1, 12), '0', 'NumberLiteral'), mutant('Timeout', at(1, 11, 1, 12))] },
    },
  };
  const equivalents: Equivalent[] = [{ file: 'src/queue/a.ts', mutator: 'ConditionalExpression', original: 'a > 0 && b', replacement: 'true', reason: 'b is always true there' }];
  const rows = scoreTable(report, equivalents);
  assert.ok(rows.includes('| src/queue | 1 | 0 | 1 | 0 | 1 | 50.0 % | 100.0 % |'), rows.join('\n'));
  assert.ok(rows.includes('| demo/collector | 0 | 1 | 0 | 1 | 0 | 50.0 % | 50.0 % |'), rows.join('\n'));
  assert.ok(rows.includes('| **all** | 1 | 1 | 1 | 1 | 1 | 50.0 % | 66.7 % |'), rows.join('\n'));
  assert.deepEqual(survivorList(report, equivalents), [
    { where: 'demo/collector/b.ts:1', mutation: 'NumberLiteral (no test reaches it): `1` → `0`', reason: '' },
    { where: 'src/queue/a.ts:2', mutation: 'ConditionalExpression: `a > 0 && b` → `true`', reason: 'b is always true there' },
  ]);
});
