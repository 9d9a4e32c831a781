import { dateInTimeZone, type Locale, type TrackedReview } from '@perfloop/core';
import { excel } from '../../shared/excel.ts';

const COLUMNS: Record<Locale, readonly string[]> = {
  'zh-CN': ['被评估人', '部门', '评估人', '评估类型', '状态', '截止日期', '是否逾期', '提交日期'],
  'en-US': ['Ratee', 'Department', 'Reviewer', 'Type', 'Status', 'Due', 'Late', 'Submitted'],
};
const TYPES: Record<Locale, Record<TrackedReview['raterType'], string>> = {
  'zh-CN': {
    self: '自评',
    manager: '上级评估',
    peer: '同事评估',
    subordinate: '下属评估',
    collaborator: '跨部门协作评估',
  },
  'en-US': {
    self: 'Self',
    manager: 'Manager',
    peer: 'Peer',
    subordinate: 'Upward',
    collaborator: 'Collaborator',
  },
};
const STATUSES: Record<Locale, Record<TrackedReview['status'], string>> = {
  'zh-CN': { pending: '未开始', draft: '草稿', submitted: '已提交' },
  'en-US': { pending: 'Not started', draft: 'Draft', submitted: 'Submitted' },
};

/** The tracking list as a workbook HR can sort and send around. */
/** Dates in the company's time zone, as every date HR reads. */
export async function exportTrackedReviews(
  items: readonly TrackedReview[],
  locale: Locale,
  timeZone: string,
): Promise<Buffer> {
  const workbook = new (await excel()).Workbook();
  const sheet = workbook.addWorksheet(locale === 'zh-CN' ? '评估进度' : 'Review status');
  sheet.addRow([...COLUMNS[locale]]).font = { bold: true };
  sheet.columns = [14, 16, 14, 14, 10, 12, 10, 20].map((width) => ({ width }));
  for (const r of items) {
    const row = sheet.addRow([
      r.rateeName,
      r.departmentName ?? '',
      r.reviewerName,
      TYPES[locale][r.raterType],
      STATUSES[locale][r.status],
      r.dueDate ?? '',
      r.late ? (locale === 'zh-CN' ? '是' : 'yes') : '',
      r.submittedAt ? dateInTimeZone(new Date(r.submittedAt), timeZone) : '',
    ]);
    if (r.late) row.getCell(7).font = { color: { argb: 'FFCF1322' } };
  }
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
