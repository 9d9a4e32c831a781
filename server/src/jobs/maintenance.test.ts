import { describe, expect, it } from 'vitest';
import type { TableActivity } from './maintenance.repository.ts';
import { decideMaintenance } from './maintenance.ts';

const table = (overrides: Partial<TableActivity>): TableActivity => ({
  schema: 'public',
  table: 't',
  tuples: 10_000,
  pages: 100,
  currentPages: 100,
  modsSinceAnalyze: 0,
  deadTuples: 0,
  insertsSinceVacuum: 0,
  ...overrides,
});

describe('decideMaintenance (autovacuum for the embedded database)', () => {
  it('leaves a quiet table alone', () => {
    expect(decideMaintenance(table({}))).toEqual({ analyze: false, vacuum: false });
  });

  it('analyzes once a tenth of the rows plus 50 changed since the last ANALYZE', () => {
    expect(decideMaintenance(table({ modsSinceAnalyze: 1_050 })).analyze).toBe(false);
    expect(decideMaintenance(table({ modsSinceAnalyze: 1_051 })).analyze).toBe(true);
  });

  it('vacuums once a fifth of the rows plus 50 are dead', () => {
    expect(decideMaintenance(table({ deadTuples: 2_050 })).vacuum).toBe(false);
    expect(decideMaintenance(table({ deadTuples: 2_051 })).vacuum).toBe(true);
  });

  it('vacuums once a fifth of the rows plus 1,000 were inserted since the last VACUUM', () => {
    expect(decideMaintenance(table({ insertsSinceVacuum: 3_000 })).vacuum).toBe(false);
    expect(decideMaintenance(table({ insertsSinceVacuum: 3_001 })).vacuum).toBe(true);
  });

  it('analyzes a table never analyzed once it has pages, and not while it is empty', () => {
    expect(decideMaintenance(table({ tuples: -1, pages: 0, currentPages: 1 })).analyze).toBe(true);
    expect(decideMaintenance(table({ tuples: -1, pages: 0, currentPages: 0 })).analyze).toBe(false);
  });

  it('analyzes a table grown past a tenth of its measured pages even with no counters (after a restart)', () => {
    expect(decideMaintenance(table({ currentPages: 118 })).analyze).toBe(false);
    expect(decideMaintenance(table({ currentPages: 119 })).analyze).toBe(true);
  });

  it('counts a never-analyzed table as empty for the thresholds', () => {
    expect(decideMaintenance(table({ tuples: -1, pages: 0, currentPages: 0, deadTuples: 51 })).vacuum).toBe(
      true,
    );
  });
});
