import {
  deadlineOf,
  type FinalAnswers,
  FinalAnswersSchema,
  type MidAnswers,
  MidAnswersSchema,
  type Population,
  type RaterType,
  type ReviewTemplateDefinition,
  raterDimensionScores,
  reviewDeadlines,
  templateItems,
} from '@perfloop/core';
import { sql } from 'drizzle-orm';
import { keyEvents } from '../db/schema.ts';
import { float8Array, textArray, uuidArray } from '../db/sql-arrays.ts';
import type { TenantScope } from '../db/tenant-scope.ts';
import { findCycle } from '../modules/cycles/cycle.repository.ts';
import { insertFollowUps } from '../modules/follow-ups/follow-up.repository.ts';
import * as rounds from '../modules/reviews/review-cycle.repository.ts';
import { scoreRound } from '../modules/reviews/review-cycle.service.ts';
import { listTemplates } from '../modules/reviews/review-template.repository.ts';
import { findGoalSettings } from '../modules/settings/settings.repository.ts';

/*
 * The demo's evaluation of Q3 2026 for 张三's team (张三 and his nine direct reports, 李四 among
 * them): a closed 期中评估 in August with risks and retrospectives, a finished final round in
 * October (self, manager, 3–4 approved peers each and upward reviews of 张三, every one submitted,
 * scored by the real batch scoring at close), and key events through the quarter. Everything is
 * written in a few set-based statements; the scores come from core's raterDimensionScores and the
 * round's scoreRound, as a submission and a close would make them.
 */

type Retro = { done: string; notDone: string; lessons: string; plan: { text: string; dueDate: string }[] };
type Member = {
  no: string;
  /** The manager's ratings by item; self, peers and reports vary around them. */
  profile: Record<string, number>;
  /** The manager's 评语. */
  strengths: string;
  improvements: string;
  mid: { self: Retro; manager: Retro };
};

const plan = (text: string, dueDate: string) => ({ text, dueDate });

/** 张三 first, then his direct reports. */
const TEAM: Member[] = [
  {
    no: 'E0003',
    profile: { expertise: 4, collaboration: 4, learning: 4, ownership: 5, initiative: 4 },
    strengths:
      '带领华东区新签约客户数较上季度增长16%，老客户复购率提升到82%；9月带队拿下区域最大的汽车零部件客户，团队氛围好、骨干稳定。',
    improvements:
      '新客户签约增速距离20%的目标还有差距；对一线的过程管理偏晚，9月才发现华东一组签约进度落后，需要把周度商机复盘前移。',
    mid: {
      self: {
        done: '华东区新签约客户较上季度增长9%；老客户复购率从70%提升到76%；完成华东一组、二组的商机盘点。',
        notDone: '新客户签约增速距离20%的目标还差11个百分点；客户满意度回访只完成一半。',
        lessons: '7月把精力放在老客户续约上，新客户开拓节奏偏慢；大客户的决策链要更早摸清。',
        plan: [
          plan('8月底前完成华东区前20家重点潜在客户的拜访排期', '2026-08-31'),
          plan('每周一召开商机复盘会，跟踪两个组的签约进度', '2026-09-30'),
        ],
      },
      manager: {
        done: '复购率提升明显，团队分工清晰，两个组的商机盘点按时完成。',
        notDone: '新客户签约量落后于时间进度；华东一组个人目标的过程跟踪不够。',
        lessons: '过程指标要每周看，不能等月底的结果数据。',
        plan: [plan('9月起每周五向销售总监同步华东区新签约与商机漏斗', '2026-09-30')],
      },
    },
  },
  {
    no: 'E0004',
    profile: { expertise: 4, collaboration: 4, learning: 3, ownership: 4, initiative: 4 },
    strengths: '客户拜访扎实，9月拿下苏州的精密制造客户，是组里本季度金额最大的一单；客户反馈专业、响应快。',
    improvements:
      '新客户签约只完成目标8家中的5家，9月节奏明显放缓；建议每周固定梳理商机漏斗，提前识别卡住的客户并及时求助。',
    mid: {
      self: {
        done: '完成客户拜访25次，签约新客户3家；苏州精密制造客户进入方案阶段。',
        notDone: '签约进度落后，8家的目标还差5家；部分老客户的转介绍没有跟进。',
        lessons: '拜访前准备不足时转化率明显偏低，方案要按客户的行业定制。',
        plan: [
          plan('8月底前完成苏州、无锡两个重点客户的方案演示', '2026-08-31'),
          plan('每周整理一次商机漏斗并标出卡住的客户', '2026-09-30'),
        ],
      },
      manager: {
        done: '拜访量达标，客户反馈专业、响应快；苏州大客户推进顺利。',
        notDone: '签约只完成目标的不到一半，按当前节奏季度末完成8家有较大风险。',
        lessons: '商机推进缺少节奏管理，卡住的客户没有及时求助。',
        plan: [
          plan('每周一与张三过一次商机漏斗，卡住超过两周的客户一起制定推进方案', '2026-09-30'),
          plan('9月参加一次大客户谈判技巧培训', '2026-09-15'),
        ],
      },
    },
  },
  {
    no: 'E0011',
    profile: { expertise: 4, collaboration: 3, learning: 4, ownership: 4, initiative: 3 },
    strengths: '华东二组带得稳，两名新人两个月内都能独立跑客户；组内复盘坚持得好。',
    improvements: '对大客户的高层关系经营不足，重点客户的续约谈判要更早介入。',
    mid: {
      self: {
        done: '华东二组两名新人完成带教并独立跑客户，组内新签约客户4家。',
        notDone: '两个重点客户的续约谈判还没有结果。',
        lessons: '大客户续约要提前一个季度介入，不能等合同快到期才谈。',
        plan: [plan('9月中旬前与两个重点客户的决策人完成续约沟通', '2026-09-15')],
      },
      manager: {
        done: '二组整体节奏稳定，新人成长快。',
        notDone: '重点客户续约进展偏慢。',
        lessons: '组长要把更多时间放在大客户上，日常事务交给骨干。',
        plan: [plan('9月起每两周一起拜访一次重点客户', '2026-09-30')],
      },
    },
  },
  {
    no: 'E0015',
    profile: { expertise: 3, collaboration: 3, learning: 3, ownership: 2, initiative: 3 },
    strengths: '老客户关系维护用心，复购表现稳定。',
    improvements:
      '8月报价单折扣计算错误导致客户投诉，暴露出报价复核执行不到位；出了问题要第一时间同步，下季度所有报价须经双人复核。',
    mid: {
      self: {
        done: '老客户续约3家，复购金额稳定。',
        notDone: '8月初的报价失误导致一个客户需要重新谈判。',
        lessons: '报价发出前必须复核折扣和合同条款。',
        plan: [plan('所有报价发出前由组内同事双人复核', '2026-08-31')],
      },
      manager: {
        done: '老客户关系维护得好。',
        notDone: '新客户开拓不足；报价失误造成了客户投诉。',
        lessons: '出了问题要第一时间同步，越晚处理损失越大。',
        plan: [plan('9月底前整理一份报价复核清单并在组内推行', '2026-09-30')],
      },
    },
  },
  {
    no: 'E0016',
    profile: { expertise: 4, collaboration: 5, learning: 4, ownership: 4, initiative: 4 },
    strengths: '主动整理客户常见异议和应对话术并在组会分享，新人上手明显加快；协作意识是组里的标杆。',
    improvements: '个人的新客户开拓量偏少，可以在分享之外给自己定一些更有挑战的目标。',
    mid: {
      self: {
        done: '签约新客户2家，协助两名新人完成首次拜访。',
        notDone: '自己负责区域的客户拜访量略低于计划。',
        lessons: '帮助新人的同时要给自己的客户留出固定时间。',
        plan: [plan('整理客户常见异议及应对话术，在组会上分享', '2026-08-31')],
      },
      manager: {
        done: '团队协作意识强，新人带教效果好。',
        notDone: '个人新客户开拓量偏少。',
        lessons: '经验可以沉淀成团队资料，放大个人的价值。',
        plan: [plan('9月底前把话术整理成共享文档', '2026-09-30')],
      },
    },
  },
  {
    no: 'E0017',
    profile: { expertise: 3, collaboration: 4, learning: 3, ownership: 3, initiative: 3 },
    strengths: '做事踏实，客户资料和跟进记录是组里最完整的。',
    improvements: '谈判中偏被动，价格让步过快；建议多参与大客户谈判，积累经验。',
    mid: {
      self: {
        done: '完成客户拜访22次，新增意向客户5家。',
        notDone: '新客户签约只有1家，低于预期。',
        lessons: '初次拜访后跟进间隔太长，客户热度下降。',
        plan: [plan('每个意向客户一周内完成二次跟进', '2026-09-30')],
      },
      manager: {
        done: '客户资料和跟进记录完整规范。',
        notDone: '谈判中价格让步过快，两单利润偏低。',
        lessons: '谈判前要先定好底线和可交换的条件。',
        plan: [plan('9月至少旁听两次大客户谈判', '2026-09-30')],
      },
    },
  },
  {
    no: 'E0018',
    profile: { expertise: 5, collaboration: 4, learning: 4, ownership: 4, initiative: 5 },
    strengths: '本季度新签约数组内第一，主动开拓了医疗行业的新线索，方案讲解能力强。',
    improvements: '可以把自己的打法沉淀下来带一带新人，向大客户经理的方向发展。',
    mid: {
      self: {
        done: '新签约客户4家，开拓了医疗行业的两条新线索。',
        notDone: '医疗行业的方案还需要售前同事完善。',
        lessons: '新行业要先拿下一个标杆客户，再复制打法。',
        plan: [plan('9月拿下第一家医疗行业标杆客户', '2026-09-30')],
      },
      manager: {
        done: '新签约数组内第一，开拓意识强。',
        notDone: '打法还没有沉淀给团队。',
        lessons: '个人成功的经验要变成团队的方法。',
        plan: [plan('9月在组会上分享一次新行业开拓经验', '2026-09-20')],
      },
    },
  },
  {
    no: 'E0019',
    profile: { expertise: 3, collaboration: 3, learning: 4, ownership: 3, initiative: 3 },
    strengths: '学习积极，复盘认真，产品知识进步很快。',
    improvements: '客户跟进节奏不稳定，有商机因为跟进间隔太长被竞争对手拿走；建议用CRM提醒固定跟进频率。',
    mid: {
      self: {
        done: '系统学习了新产品线，通过了产品认证考试。',
        notDone: '有两个商机因跟进不及时被竞争对手拿走。',
        lessons: '学习要和客户跟进并行，不能只顾一头。',
        plan: [plan('用CRM设置跟进提醒，重点客户每周至少联系一次', '2026-08-31')],
      },
      manager: {
        done: '学习积极，产品知识进步快。',
        notDone: '客户跟进节奏不稳定，丢了两个商机。',
        lessons: '跟进频率是签约率的关键。',
        plan: [plan('每周五检查一次本周的客户跟进完成情况', '2026-09-30')],
      },
    },
  },
  {
    no: 'E0020',
    profile: { expertise: 4, collaboration: 3, learning: 3, ownership: 4, initiative: 4 },
    strengths: '责任心强，负责的客户回款全部按期完成。',
    improvements: '跨部门沟通需要更主动，与交付部门交接时的需求说明要更完整。',
    mid: {
      self: {
        done: '负责客户的回款全部按期完成，签约新客户2家。',
        notDone: '与交付部门的交接有一次遗漏了客户需求。',
        lessons: '交接时要用书面清单，不能只口头说明。',
        plan: [plan('制定客户需求交接清单，每单交接时使用', '2026-08-31')],
      },
      manager: {
        done: '回款管理到位。',
        notDone: '跨部门沟通不够主动。',
        lessons: '交接质量直接影响客户满意度。',
        plan: [plan('9月与交付部门共同复盘一次交接问题', '2026-09-15')],
      },
    },
  },
  {
    no: 'E0021',
    profile: { expertise: 3, collaboration: 4, learning: 3, ownership: 4, initiative: 2 },
    strengths: '和客户沟通顺畅，售后问题处理及时，客户满意度高。',
    improvements:
      '主动性不足，新客户大多依赖分配的线索，CRM记录更新也不及时；下季度希望自己开拓至少3个新客户。',
    mid: {
      self: {
        done: '售后问题全部在2天内解决，客户满意度评分4.9。',
        notDone: '新客户开拓主要依赖分配的线索。',
        lessons: '要主动找客户，不能只等线索。',
        plan: [plan('每周自己开拓至少2条新客户线索', '2026-09-30')],
      },
      manager: {
        done: '客户满意度高，售后处理及时。',
        notDone: '主动开拓不足，CRM记录更新不及时。',
        lessons: '商机信息不及时录入，会影响团队对进度的判断。',
        plan: [plan('每天下班前更新当天的客户跟进记录', '2026-08-31')],
      },
    },
  },
];

/** 张三's peers (proposed by him; 李明 added 孙丽 when approving). */
const ZHANGSAN_PROPOSED = ['E0012', 'E0009', 'E0013'];
const ZHANGSAN_PEERS = ['E0012', 'E0009', 'E0008', 'E0013'];

type Pools = Record<string, { top: string[]; bottom: string[] }>;

/** Comments on top and bottom ratings (the template asks for them), written without a name. */
const COMMENTS: Pools = {
  expertise: {
    top: [
      '对产品方案和行业场景理解很深，客户的技术问题基本能当场解答。',
      '报价、合同条款和交付边界把握准确，本季度没有出现返工。',
      '方案讲得清楚，几次关键演示都直接推动了签约。',
    ],
    bottom: ['产品知识还不扎实，客户追问细节时经常需要找人补位。'],
  },
  collaboration: {
    top: [
      '主动共享客户资源和线索，跨部门的问题都能推动在48小时内闭环。',
      '组里有难单都愿意一起出方案，售前和交付同事评价很高。',
    ],
    bottom: ['跨部门协作时信息同步不及时，交付同事多次临时才拿到客户需求。'],
  },
  learning: {
    top: ['每次丢单都会复盘并整理成话术，改进计划都落实了。', '主动学习新的行业方案，并在组会上分享给大家。'],
    bottom: ['同类问题反复出现，复盘结论没有落实到行动上。'],
  },
  ownership: {
    top: [
      '承诺客户的事情都按时给到结果，遇到问题第一时间同步。',
      '对回款和客户满意度都盯到底，从不把问题留给别人。',
    ],
    bottom: ['承诺的跟进多次延期，需要反复催促。'],
  },
  initiative: {
    top: ['不等安排，主动开拓了新的行业客户线索。', '主动优化了客户拜访流程，整组的拜访效率都有提升。'],
    bottom: ['基本等安排才行动，很少主动发现新客户。'],
  },
};

/** What people write about themselves at the top of the scale. */
const SELF_COMMENTS: Pools = {
  expertise: { top: ['本季度系统学习了新产品线，能独立完成大客户的方案讲解。'], bottom: [] },
  collaboration: { top: ['主动把自己的客户资源分享给组里新人，协助签下两单。'], bottom: [] },
  learning: { top: ['每月做一次丢单复盘，整理了常见异议的应对话术。'], bottom: [] },
  ownership: { top: ['负责的客户回款全部按期完成，没有遗留问题。'], bottom: [] },
  initiative: { top: ['主动开拓了两个新行业的客户线索。'], bottom: [] },
};

/** What reports write about their manager at the top of the scale. */
const UPWARD_COMMENTS: Pools = {
  expertise: { top: ['业务判断准，关键客户的打法都能给到具体建议。'], bottom: [] },
  collaboration: { top: ['资源协调给力，跨部门卡住的问题找过去基本都能解决。'], bottom: [] },
  learning: { top: ['每月组织复盘，团队的打法越来越清楚。'], bottom: [] },
  ownership: {
    top: ['对团队目标扛得住压力，出了问题从不甩锅。', '答应团队的资源和支持都会落实。'],
    bottom: [],
  },
  initiative: { top: ['主动为团队争取市场活动资源，带来了不少新线索。'], bottom: [] },
};

/** Raters who differ from the pattern: a peer's 1 for 王伟's ownership after the quote, 孙丽 unable to judge 张三's learning. */
const OVERRIDES: {
  ratee: string;
  reviewer: string;
  item: string;
  rating: number | null;
  comment?: string;
}[] = [
  {
    ratee: 'E0015',
    reviewer: 'peer:0',
    item: 'ownership',
    rating: 1,
    comment: '报价出错后没有第一时间同步给团队，客户投诉后才被发现。',
  },
  { ratee: 'E0003', reviewer: 'E0008', item: 'learning', rating: null },
];

/** Small deterministic ups and downs around a profile (a prime length, so every seed lands somewhere else). */
const JITTER = [0, 1, 0, -1, 0, 0, 1, -1, 0, 0, 1, 0, -1];
const jitter = (n: number) => JITTER[n % JITTER.length]!;

/** A plausible time on a day, in Shanghai. */
const at = (day: string, n: number) =>
  `${day}T${String(9 + (n % 9)).padStart(2, '0')}:${String((n * 17) % 60).padStart(2, '0')}:00+08:00`;
const pick = <T>(xs: readonly T[], n: number) => xs[n % xs.length]!;

type Written = {
  rateeNo: string;
  reviewerNo: string;
  raterType: RaterType;
  answers: FinalAnswers | MidAnswers;
  submittedAt: string;
};

/** A final review's answers: ratings around the ratee's profile, comments where the template asks for them. */
function finalAnswers(
  definition: ReviewTemplateDefinition,
  member: Member,
  who: { no: string; raterType: RaterType; k: number; seed: number },
  words: { strengths: string; improvements: string },
): FinalAnswers {
  const top = definition.scale.length;
  const ratings: Record<string, number | null> = {};
  const comments: Record<string, string> = {};
  templateItems(definition).forEach((item, i) => {
    const base = member.profile[item.key] ?? 3;
    const shift =
      who.raterType === 'manager'
        ? 0
        : who.raterType === 'self'
          ? (who.seed + i) % 3 === 0
            ? 1
            : 0
          : jitter(who.seed * 5 + who.k * 3 + i * 2);
    const override = OVERRIDES.find(
      (o) =>
        o.ratee === member.no &&
        o.item === item.key &&
        (o.reviewer === who.no || o.reviewer === `${who.raterType}:${who.k}`),
    );
    const rating = override ? override.rating : Math.min(top, Math.max(1, base + shift));
    ratings[item.key] = rating;
    if (rating !== 1 && rating !== top) return;
    const pools =
      who.raterType === 'self' ? SELF_COMMENTS : who.raterType === 'subordinate' ? UPWARD_COMMENTS : COMMENTS;
    const of = (p: Pools) => (rating === top ? p[item.key]?.top : p[item.key]?.bottom) ?? [];
    const texts = of(pools).length > 0 ? of(pools) : of(COMMENTS);
    comments[item.key] =
      override?.comment ?? (texts.length > 0 ? pick(texts, who.seed + who.k) : '评分有具体事例支撑。');
  });
  return FinalAnswersSchema.parse({ ratings, comments, ...words });
}

export async function seedDemoReviews(
  scope: TenantScope,
  people: ReadonlyMap<string, string>,
  departments: ReadonlyMap<string, string>,
  q3: { id: string; goals: { zhangsan: string; lisi: string } },
) {
  const id = (no: string) => people.get(no)!;
  const noOf = new Map([...people].map(([no, employeeId]) => [employeeId, no]));
  const [template] = (await listTemplates(scope, { limit: 1 })).items;
  if (!template) throw new Error('The demo company has no default review template');
  const { progressCap } = await findGoalSettings(scope.db, scope.tenantId);
  const cycle = (await findCycle(scope, q3.id))!;
  const hr = id('E0005');
  const population: Population = {
    templateId: template.id,
    departmentIds: [departments.get('east1')!],
    includeSubDepartments: false,
    jobLevels: [],
    employeeIds: [id('E0003'), id('E0011')],
  };
  const members = await rounds.selectPopulation(scope, population);
  const byNo = new Map(members.map((m) => [noOf.get(m.id)!, m]));
  const team = TEAM.filter((t) => byNo.has(t.no));
  const reports = team.slice(1);

  // --- 期中评估 (August): self and manager, per-goal risk and the retrospective.
  const midId = await rounds.insertRound(scope, {
    cycleId: q3.id,
    name: '2026年第三季度期中评估',
    kind: 'mid',
    populations: [{ ...population, templateId: null }],
    createdById: hr,
  });
  const mid = await writeRound(scope, midId, reviewDeadlines('mid', cycle), members, {
    reviews: team.flatMap((member, i): Written[] => {
      const m = byNo.get(member.no)!;
      const goal = member.no === 'E0003' ? q3.goals.zhangsan : member.no === 'E0004' ? q3.goals.lisi : null;
      const goalAnswer = (raterType: 'self' | 'manager') => {
        if (!goal) return [];
        const risk = member.no === 'E0004' && raterType === 'manager' ? 'high' : 'medium';
        return [{ goalId: goal, risk, comment: MID_GOAL_COMMENTS[member.no]![raterType] }];
      };
      const answers = (raterType: 'self' | 'manager') =>
        MidAnswersSchema.parse({ goals: goalAnswer(raterType), retrospective: member.mid[raterType] });
      return [
        {
          rateeNo: member.no,
          reviewerNo: member.no,
          raterType: 'self',
          answers: answers('self'),
          submittedAt: at(pick(['2026-08-14', '2026-08-17', '2026-08-18'], i), i),
        },
        {
          rateeNo: member.no,
          reviewerNo: noOf.get(m.manager_id!)!,
          raterType: 'manager',
          answers: answers('manager'),
          submittedAt: at(pick(['2026-08-19', '2026-08-20'], i), i + 3),
        },
      ];
    }),
    template: null,
    noOf,
  });
  // 张三 turned the first item of his plan for 李四 into a follow-up record, done by the end of September.
  const lisiMid = mid.find((r) => r.ratee_id === id('E0004') && r.rater_type === 'manager')!;
  const lisiPlan = TEAM[1]!.mid.manager;
  const [followUpId] = await insertFollowUps(scope, [
    {
      date: '2026-08-20',
      employee_id: id('E0004'),
      topic: '2026年第三季度期中评估',
      summary: lisiPlan.lessons,
      action: lisiPlan.plan[0]!.text,
      responsible_id: id('E0004'),
      due_date: lisiPlan.plan[0]!.dueDate,
      goal_id: null,
      key_result_id: null,
      source: 'mid_review',
      source_id: lisiMid.id,
      created_by_id: id('E0003'),
    },
  ]);
  await scope.db.execute(sql`
    update follow_ups set status = 'done', done_at = '2026-09-28T17:30:00+08:00', version = 2
    where tenant_id = ${scope.tenantId} and id = ${followUpId!}`);
  await scope.db.execute(sql`
    update reviews set answers = jsonb_set(answers, '{retrospective,plan,0,followUpId}', to_jsonb(${followUpId!}::text)),
      version = version + 1
    where tenant_id = ${scope.tenantId} and id = ${lisiMid.id}`);
  await rounds.updateRound(scope, midId, 1, {
    status: 'closed',
    launchedAt: new Date('2026-08-10T09:30:00+08:00'),
    closedAt: new Date('2026-08-21T10:00:00+08:00'),
  });

  // --- The final round (October): nominations approved, every review submitted, closed and scored.
  const definition = template.definition;
  const peersOf = new Map<string, string[]>([['E0003', ZHANGSAN_PEERS]]);
  reports.forEach((member, i) => {
    const offsets = i % 2 === 0 ? [1, 3, 5, 7] : [1, 3, 5];
    peersOf.set(
      member.no,
      offsets.map((o) => reports[(i + o) % reports.length]!.no),
    );
  });
  const finalId = await rounds.insertRound(scope, {
    cycleId: q3.id,
    name: '2026年第三季度绩效评估',
    kind: 'final',
    populations: [population],
    createdById: hr,
  });
  const selfDays = ['2026-09-27', '2026-09-28', '2026-09-29', '2026-09-30', '2026-10-08'];
  const peerDays = ['2026-09-29', '2026-09-30', '2026-10-08'];
  const managerDays = ['2026-10-12', '2026-10-13', '2026-10-14', '2026-10-15'];
  const written: Written[] = team.flatMap((member, i) => {
    const m = byNo.get(member.no)!;
    const managerNo = noOf.get(m.manager_id!)!;
    const none = { strengths: '', improvements: '' };
    const own: Written[] = [
      {
        rateeNo: member.no,
        reviewerNo: member.no,
        raterType: 'self',
        answers: finalAnswers(definition, member, { no: member.no, raterType: 'self', k: 0, seed: i }, none),
        submittedAt: at(pick(selfDays, i), i),
      },
      {
        rateeNo: member.no,
        reviewerNo: managerNo,
        raterType: 'manager',
        answers: finalAnswers(
          definition,
          member,
          { no: managerNo, raterType: 'manager', k: 0, seed: i },
          { strengths: member.strengths, improvements: member.improvements },
        ),
        submittedAt: at(pick(managerDays, i), i + 2),
      },
    ];
    const peers = peersOf.get(member.no)!.map(
      (no, k): Written => ({
        rateeNo: member.no,
        reviewerNo: no,
        raterType: 'peer',
        answers: finalAnswers(definition, member, { no, raterType: 'peer', k, seed: i }, none),
        submittedAt: at(pick(peerDays, i + k), i * 3 + k),
      }),
    );
    // Upward reviews: 张三 has his nine reports in the round, and the template asks for them.
    const upward =
      member.no === 'E0003' && definition.upwardReviews && reports.length >= 3
        ? reports.map(
            (r, k): Written => ({
              rateeNo: member.no,
              reviewerNo: r.no,
              raterType: 'subordinate',
              answers: finalAnswers(
                definition,
                member,
                { no: r.no, raterType: 'subordinate', k, seed: i },
                none,
              ),
              submittedAt: at(pick(peerDays, k), k * 5),
            }),
          )
        : [];
    return [...own, ...peers, ...upward];
  });
  const final = await writeRound(scope, finalId, reviewDeadlines('final', cycle), members, {
    reviews: written,
    template: { id: template.id, version: template.templateVersion },
    noOf,
    nominations: team.map((member) => ({
      employeeId: id(member.no),
      proposed: (member.no === 'E0003' ? ZHANGSAN_PROPOSED : peersOf.get(member.no)!).map(id),
    })),
  });
  // Each submitted review's dimension scores, as a submission stores them.
  const scores = final.flatMap((r) =>
    raterDimensionScores(
      definition,
      Object.entries((r.answers as FinalAnswers).ratings)
        .filter((e): e is [string, number] => e[1] !== null)
        .map(([itemKey, rating]) => ({ itemKey, rating })),
    ).map((s) => ({ ...s, review: r })),
  );
  await scope.db.execute(sql`
    insert into review_scores (tenant_id, review_id, review_cycle_id, participant_id, rater_type, dimension_key, score)
    select ${scope.tenantId}, x.review_id, ${finalId}, x.participant_id, x.rater_type, x.dimension_key, x.score
    from unnest(${uuidArray(scores.map((s) => s.review.id))}, ${uuidArray(scores.map((s) => s.review.participant_id))},
      ${textArray(scores.map((s) => s.review.rater_type))}, ${textArray(scores.map((s) => s.dimensionKey))},
      ${float8Array(scores.map((s) => s.score))}) as x(review_id, participant_id, rater_type, dimension_key, score)`);
  const closedAt = new Date('2026-10-19T10:00:00+08:00');
  await rounds.updateRound(scope, finalId, 1, {
    status: 'closed',
    launchedAt: new Date('2026-09-21T10:00:00+08:00'),
    closedAt,
  });
  await scoreRound(scope, { id: finalId, cycle_id: q3.id }, closedAt, progressCap);

  // --- Key events (关键事件) through the quarter.
  await scope.db.insert(keyEvents).values(
    [
      {
        employeeId: id('E0015'),
        authorId: id('E0003'),
        occurredOn: '2026-08-05',
        kind: 'event' as const,
        polarity: 'negative' as const,
        description:
          '向客户发出的报价单折扣计算错误（多让利8%），客户按错误价格下单后投诉，重新谈判损失约2万元毛利。',
        goalId: null,
      },
      {
        employeeId: id('E0016'),
        authorId: id('E0003'),
        occurredOn: '2026-08-26',
        kind: 'behaviour' as const,
        polarity: 'positive' as const,
        description:
          '主动整理华东区客户常见异议及应对话术，在组会上分享并建成共享文档，两名新人的首单周期缩短约一周。',
        goalId: null,
      },
      {
        employeeId: id('E0004'),
        authorId: id('E0003'),
        occurredOn: '2026-09-08',
        kind: 'event' as const,
        polarity: 'positive' as const,
        description:
          '签下苏州某精密制造企业的年度采购合同（首年约120万元），是华东一组本季度金额最大的新客户。',
        goalId: q3.goals.lisi,
      },
      {
        employeeId: id('E0021'),
        authorId: id('E0003'),
        occurredOn: '2026-09-15',
        kind: 'behaviour' as const,
        polarity: 'negative' as const,
        description: '连续两周没有按约定更新CRM中的客户跟进记录，周会上无法说明三个商机的进展。',
        goalId: null,
      },
      {
        employeeId: id('E0003'),
        authorId: id('E0002'),
        occurredOn: '2026-09-18',
        kind: 'event' as const,
        polarity: 'positive' as const,
        description: '带队拿下无锡某汽车零部件集团的区域框架协议，是华东区本季度最大的一单。',
        goalId: q3.goals.zhangsan,
      },
    ].map((e) => scope.values({ ...e, cycleId: q3.id })),
  );
}

const MID_GOAL_COMMENTS: Record<string, { self: string; manager: string }> = {
  E0003: {
    self: '新客户签约量完成9%，距离目标20%还差11%；8月下旬有两个大单在谈，预计9月能追上。',
    manager: '复购率推进正常；新客户签约偏慢，重点客户的推进节奏要前移，9月中旬再评估一次。',
  },
  E0004: {
    self: '已签约3家、拜访25次，进度略落后；8月底前重点推进苏州和无锡两个客户。',
    manager: '签约进度不到目标的一半，按目前节奏季度末很难完成8家，需要每周跟进商机漏斗。',
  },
};

type WrittenReview = {
  id: string;
  participant_id: string;
  ratee_id: string;
  rater_type: RaterType;
  answers: FinalAnswers | MidAnswers;
};

/**
 * A launched round's participants and reviews, written as they stand once everyone submitted:
 * participants (with their approved nominations), reviews with the round's deadlines, then the
 * answers and submission times, in four statements.
 */
async function writeRound(
  scope: TenantScope,
  roundId: string,
  deadlines: ReturnType<typeof reviewDeadlines>,
  members: readonly rounds.PopulationMember[],
  input: {
    reviews: readonly Written[];
    template: { id: string; version: number } | null;
    noOf: ReadonlyMap<string, string>;
    nominations?: { employeeId: string; proposed: string[] }[];
  },
): Promise<WrittenReview[]> {
  const idOf = new Map([...input.noOf].map(([employeeId, no]) => [no, employeeId]));
  const participants = await rounds.insertParticipants(
    scope,
    roundId,
    members.map((m) => ({
      employee_id: m.id,
      manager_id: m.manager_id,
      department_id: m.department_id,
      template_id: input.template?.id ?? null,
      template_version: input.template?.version ?? null,
    })),
  );
  const participantOf = new Map(participants.map((p) => [p.employee_id, p.id]));
  if (input.nominations) {
    // Proposed by the ratee, then approved by the manager: the participant row's third version.
    const nominations = input.nominations.map((n) => ({ employee_id: n.employeeId, proposed: n.proposed }));
    await scope.db.execute(sql`
      update review_participants p set nomination_status = 'approved', proposed_peer_ids = x.proposed, version = 3
      from jsonb_to_recordset(${JSON.stringify(nominations)}::jsonb) as x(employee_id uuid, proposed jsonb)
      where p.tenant_id = ${scope.tenantId} and p.review_cycle_id = ${roundId} and p.employee_id = x.employee_id`);
  }
  const created = await rounds.insertReviews(
    scope,
    roundId,
    input.reviews.map((r) => ({
      participant_id: participantOf.get(idOf.get(r.rateeNo)!)!,
      ratee_id: idOf.get(r.rateeNo)!,
      reviewer_id: idOf.get(r.reviewerNo)!,
      rater_type: r.raterType,
      due_date: deadlineOf(deadlines, r.raterType),
    })),
  );
  const key = (rateeId: string, reviewerId: string) => `${rateeId} ${reviewerId}`;
  const written = new Map(input.reviews.map((r) => [key(idOf.get(r.rateeNo)!, idOf.get(r.reviewerNo)!), r]));
  const rows = created.map((c) => ({ ...c, written: written.get(key(c.ratee_id, c.reviewer_id))! }));
  await scope.db.execute(sql`
    update reviews r set answers = x.answers, status = 'submitted', submitted_at = x.submitted_at,
      updated_at = x.submitted_at, version = 2
    from jsonb_to_recordset(${JSON.stringify(rows.map((r) => ({ id: r.id, answers: r.written.answers, submitted_at: r.written.submittedAt })))}::jsonb)
      as x(id uuid, answers jsonb, submitted_at timestamptz)
    where r.tenant_id = ${scope.tenantId} and r.id = x.id`);
  return rows.map((r) => ({
    id: r.id,
    participant_id: participantOf.get(r.ratee_id)!,
    ratee_id: r.ratee_id,
    rater_type: r.rater_type,
    answers: r.written.answers,
  }));
}
