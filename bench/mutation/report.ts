// Reads Stryker's JSON report (mutation-testing-report-schema) into the tables of
// bench/results/mutation.md. Pure functions, so the rules (what counts, which survivor an
// equivalents.json entry explains) have unit tests (test/unit/mutation-report.test.ts).

type Status = 'Killed' | 'Timeout' | 'Survived' | 'NoCoverage' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending';
interface Position {
  line: number;
  column: number;
}
export interface Mutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  status: Status;
  location: { start: Position; end: Position };
}
export interface MutationReport {
  files: Record<string, { source: string; mutants: Mutant[] }>;
}

/**
 * A mutant that cannot be killed because it does not change behaviour, matched by file,
 * mutator, and the code before and after (whitespace-insensitive), not by line, so an entry
 * survives edits elsewhere in the file.
 */
export interface Equivalent {
  file: string;
  mutator: string;
  original: string;
  replacement: string;
  reason: string;
}

/** The modules scored, by path prefix, in the order the table lists them. */
export const MODULES = ['src/identity', 'src/events', 'src/queue', 'src/transport', 'demo/collector'];

const squash = (code: string) => code.replace(/\s+/g, ' ').trim();

/** The code a mutant replaces (1-based lines and columns, end exclusive). */
export function originalOf(source: string, { start, end }: Mutant['location']): string {
  const lines = source.split('\n').slice(start.line - 1, end.line);
  if (lines.length === 1) return lines[0]!.slice(start.column - 1, end.column - 1);
  lines[0] = lines[0]!.slice(start.column - 1);
  lines[lines.length - 1] = lines[lines.length - 1]!.slice(0, end.column - 1);
  return lines.join('\n');
}

/** The equivalents.json entry that explains this surviving mutant, if any. */
export function explain(file: string, source: string, mutant: Mutant, equivalents: Equivalent[]): Equivalent | undefined {
  const original = squash(originalOf(source, mutant.location));
  const replacement = squash(mutant.replacement ?? '');
  return equivalents.find(
    (e) => e.file === file && e.mutator === mutant.mutatorName && squash(e.original) === original && squash(e.replacement) === replacement,
  );
}

interface Counts {
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  equivalent: number;
}

/** Stryker's score: detected (killed, timed out) over detected and undetected (survived, no coverage). */
export function score(c: Counts, withoutEquivalents = false): number {
  const detected = c.killed + c.timeout;
  const valid = detected + c.survived + c.noCoverage - (withoutEquivalents ? c.equivalent : 0);
  return valid ? (100 * detected) / valid : 100;
}

/** Markdown rows: one per module, then the total. */
export function scoreTable(report: MutationReport, equivalents: Equivalent[]): string[] {
  const zero = (): Counts => ({ killed: 0, timeout: 0, survived: 0, noCoverage: 0, equivalent: 0 });
  const rows = new Map(MODULES.map((m) => [m, zero()]));
  const total = zero();
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    const counts = rows.get(MODULES.find((m) => file.startsWith(m + '/')) ?? '') ?? zero();
    for (const mutant of mutants) {
      const key = ({ Killed: 'killed', Timeout: 'timeout', Survived: 'survived', NoCoverage: 'noCoverage' } as const)[mutant.status as 'Killed'];
      if (!key) continue;
      for (const c of [counts, total]) c[key]++;
      if (mutant.status !== 'Killed' && mutant.status !== 'Timeout' && explain(file, source, mutant, equivalents)) for (const c of [counts, total]) c.equivalent++;
    }
  }
  const row = (name: string, c: Counts) =>
    c.killed + c.timeout + c.survived + c.noCoverage
      ? `| ${name} | ${c.killed} | ${c.timeout} | ${c.survived} | ${c.noCoverage} | ${c.equivalent} | ${score(c).toFixed(1)} % | ${score(c, true).toFixed(1)} % |`
      : `| ${name} | not run | | | | | | |`;
  return [
    '| module | killed | timed out | survived | no coverage | of which equivalent | score | score without equivalents |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...MODULES.map((m) => row(m, rows.get(m)!)),
    row('**all**', total),
  ];
}

const cell = (code: string) => '`' + (code.length > 70 ? code.slice(0, 67) + '...' : code).replace(/\|/g, '\\|').replace(/`/g, "'") + '`';

/** Every mutant no test detected, with its location, the change, and its reason if explained. */
export function survivorList(report: MutationReport, equivalents: Equivalent[]) {
  const list: { where: string; mutation: string; reason: string }[] = [];
  for (const [file, { source, mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
    for (const mutant of mutants.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage')) {
      const original = squash(originalOf(source, mutant.location));
      list.push({
        where: `${file}:${mutant.location.start.line}`,
        mutation: `${mutant.mutatorName}${mutant.status === 'NoCoverage' ? ' (no test reaches it)' : ''}: ${cell(original)} → ${cell(squash(mutant.replacement ?? ''))}`,
        reason: explain(file, source, mutant, equivalents)?.reason ?? '',
      });
    }
  }
  return list;
}
