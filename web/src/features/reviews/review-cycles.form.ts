import type {
  CreateReviewCycleBody,
  Population,
  ReviewCycle,
  ReviewKind,
  UpdateReviewCycleBody,
} from '@perfloop/core';

/** One population as the form holds it: antd leaves untouched fields undefined. */
export type PopulationFormValues = {
  templateId?: string | null;
  departmentIds?: string[];
  includeSubDepartments?: boolean;
  jobLevels?: string[];
  employeeIds?: string[];
};

export type ReviewCycleFormValues = {
  cycleId?: string;
  name?: string;
  kind?: ReviewKind;
  populations?: PopulationFormValues[];
};

/** A population with nothing chosen yet; departments include sub-departments unless unticked. */
export function emptyPopulation(): PopulationFormValues {
  return { templateId: null, departmentIds: [], includeSubDepartments: true, jobLevels: [], employeeIds: [] };
}

const unique = (xs: readonly string[]) => [...new Set(xs)];

/**
 * A population as the API takes it. Job levels are typed as free tags, so blanks and repeats are
 * dropped here; a mid-cycle review has no template, whatever the form still holds from a switch of kind.
 */
export function toPopulation(p: PopulationFormValues, kind: ReviewKind): Population {
  return {
    templateId: kind === 'final' ? (p.templateId ?? null) : null,
    departmentIds: unique(p.departmentIds ?? []),
    includeSubDepartments: p.includeSubDepartments ?? true,
    jobLevels: unique((p.jobLevels ?? []).map((l) => l.trim()).filter((l) => l.length > 0)),
    employeeIds: unique(p.employeeIds ?? []),
  };
}

/** The body of `POST /review-cycles`; positions are kept, so `populations.1.templateId` errors land on the second. */
export function toCreateReviewCycleBody(v: ReviewCycleFormValues): CreateReviewCycleBody {
  const kind = v.kind ?? 'final';
  return {
    cycleId: v.cycleId ?? '',
    name: (v.name ?? '').trim(),
    kind,
    populations: (v.populations ?? []).map((p) => toPopulation(p, kind)),
  };
}

/** The body of `PATCH /review-cycles/{id}`: a draft's performance cycle and kind stay as they are. */
export function toUpdateReviewCycleBody(v: ReviewCycleFormValues, kind: ReviewKind): UpdateReviewCycleBody {
  return {
    name: (v.name ?? '').trim(),
    populations: (v.populations ?? []).map((p) => toPopulation(p, kind)),
  };
}

/** A saved round back into the form. */
export function toReviewCycleFormValues(c: ReviewCycle): ReviewCycleFormValues {
  return {
    cycleId: c.cycleId,
    name: c.name,
    kind: c.kind,
    populations: c.populations.map((p) => ({
      templateId: p.templateId,
      departmentIds: [...p.departmentIds],
      includeSubDepartments: p.includeSubDepartments,
      jobLevels: [...p.jobLevels],
      employeeIds: [...p.employeeIds],
    })),
  };
}
