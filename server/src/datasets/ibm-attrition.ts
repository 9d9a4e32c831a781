import { parse } from 'csv-parse/sync';

/**
 * Prepares the public IBM HR attrition dataset (no names, no managers) for a Perfloop import.
 * Adds three columns, keeping the original ones:
 * - Name: a generated Chinese name, deterministic per EmployeeNumber;
 * - ManagerNumber: within each department, each person reports to someone at the nearest
 *   higher JobLevel (spread round-robin over the people at that level); the highest-level
 *   person with the lowest number heads the department and others at that level report to them;
 * - HireDate: 2026-01-01 minus YearsAtCompany, spread over the year by EmployeeNumber.
 * The result imports through the column-mapping step (EmployeeNumber → 工号, Name → 姓名, …).
 */
export function prepareIbmDataset(csvText: string): string {
  const records = parse(csvText, { columns: true, bom: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
  const byDepartment = new Map<string, Record<string, string>[]>();
  for (const r of records) {
    const list = byDepartment.get(r.Department!) ?? [];
    list.push(r);
    byDepartment.set(r.Department!, list);
  }
  const managerOf = new Map<string, string>();
  for (const people of byDepartment.values()) {
    const sorted = [...people].sort(
      (a, b) =>
        Number(b.JobLevel) - Number(a.JobLevel) || Number(a.EmployeeNumber) - Number(b.EmployeeNumber),
    );
    const head = sorted[0]!;
    const levels = [...new Set(sorted.map((p) => Number(p.JobLevel)))].sort((a, b) => a - b);
    const atLevel = new Map(levels.map((l) => [l, sorted.filter((p) => Number(p.JobLevel) === l)]));
    const counters = new Map<number, number>();
    for (const person of sorted) {
      if (person === head) continue;
      const level = Number(person.JobLevel);
      const higher = levels.find((l) => l > level);
      if (higher === undefined) {
        managerOf.set(person.EmployeeNumber!, head.EmployeeNumber!);
        continue;
      }
      const candidates = atLevel.get(higher)!;
      const n = counters.get(higher) ?? 0;
      counters.set(higher, n + 1);
      managerOf.set(person.EmployeeNumber!, candidates[n % candidates.length]!.EmployeeNumber!);
    }
  }
  const header = Object.keys(records[0] ?? {});
  const columns = [...header, 'Name', 'ManagerNumber', 'HireDate'];
  const lines = [columns.join(',')];
  for (const r of records) {
    const no = Number(r.EmployeeNumber);
    const year = 2026 - Number(r.YearsAtCompany ?? 0);
    const month = String(1 + (no % 12)).padStart(2, '0');
    const day = String(1 + (no % 28)).padStart(2, '0');
    const values = [
      ...header.map((h) => r[h] ?? ''),
      generatedName(no),
      managerOf.get(r.EmployeeNumber!) ?? '',
      `${year - 1}-${month}-${day}`,
    ];
    lines.push(values.map(csvCell).join(','));
  }
  return `${lines.join('\n')}\n`;
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢';
const GIVEN = '伟芳娜敏静强磊军洋勇艳杰涛明超霞平刚丽华飞鑫波宇浩凯婷雪琳欣怡晨阳辉健峰斌';

function generatedName(n: number): string {
  const s = SURNAMES[n % SURNAMES.length]!;
  const g1 = GIVEN[Math.floor(n / SURNAMES.length) % GIVEN.length]!;
  const g2 = GIVEN[(n * 7) % GIVEN.length]!;
  return n % 3 === 0 ? `${s}${g1}` : `${s}${g1}${g2}`;
}

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
