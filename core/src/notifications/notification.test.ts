import { describe, expect, it } from 'vitest';
import { alertNotice, type OpenedAlert } from '../early-warning/early-warning.ts';
import { notificationText } from './notification.schemas.ts';

const alert = (over: Partial<OpenedAlert>): OpenedAlert => ({
  alertId: 'a1',
  rule: 'pace',
  goalId: 'g1',
  goalTitle: '提升华东区市场份额',
  ownerName: '张三',
  pace: 0.5,
  staleDays: 14,
  ...over,
});

describe('alert notices (domain.md §3: notify the owner and the manager)', () => {
  it('names the goal, its owner and pace for one alert, and links to the goal', () => {
    const notice = alertNotice([alert({})], '2026-08-10');
    expect(notice).toEqual({
      event: 'alert.pace',
      params: { goalTitle: '提升华东区市场份额', ownerName: '张三', pace: 0.5, staleDays: 14 },
      link: '/goals/g1',
      dedupeKey: 'alert:a1',
    });
    expect(notificationText(notice.event, notice.params, 'zh-CN')).toBe(
      '预警：「提升华东区市场份额」（张三）进度落后，完成节奏 50.0%',
    );
  });

  it('sends one digest for several, naming the furthest behind, linking to the alerts list', () => {
    const notice = alertNotice(
      [
        alert({ alertId: 'a1', goalId: 'g1', goalTitle: '华东区签约', pace: 0.7 }),
        alert({ alertId: 'a2', goalId: 'g2', goalTitle: '老客户复购', pace: 0.31 }),
        alert({ alertId: 'a3', goalId: 'g3', goalTitle: '满意度', pace: null }),
      ],
      '2026-08-10',
    );
    expect(notice).toEqual({
      event: 'alert.pace',
      params: { goalTitle: '老客户复购', count: 3, staleDays: 14 },
      link: '/alerts',
      dedupeKey: 'alerts:2026-08-10:pace',
    });
    expect(notificationText(notice.event, notice.params, 'zh-CN')).toBe(
      '预警：「老客户复购」等 3 个目标进度落后',
    );
    expect(notificationText(notice.event, notice.params, 'en-US')).toBe(
      'Alert: 3 goals are behind, among them "老客户复购"',
    );
  });

  it('breaks a tie of pace by title in Chinese (pinyin) order, wherever the alerts stand in the list', () => {
    const tied = [
      alert({ alertId: 'a1', goalId: 'g1', goalTitle: '上海签约', pace: 0.4 }),
      alert({ alertId: 'a2', goalId: 'g2', goalTitle: '华东区签约', pace: 0.7 }),
      alert({ alertId: 'a3', goalId: 'g3', goalTitle: '北京签约', pace: 0.4 }),
    ];
    // 北 (bei) before 上 (shang) by pinyin, though 上 (U+4E0A) comes first by code point.
    for (const list of [tied, [...tied].reverse(), [tied[1]!, tied[2]!, tied[0]!]])
      expect(alertNotice(list, '2026-08-10').params.goalTitle).toBe('北京签约');
  });

  it('digests stale alerts too, by title', () => {
    const notice = alertNotice(
      [
        alert({ rule: 'stale', alertId: 'a1', goalId: 'g1', goalTitle: 'B 目标', pace: null }),
        alert({ rule: 'stale', alertId: 'a2', goalId: 'g2', goalTitle: 'A 目标', pace: null }),
      ],
      '2026-08-10',
    );
    expect(notice.event).toBe('alert.stale');
    expect(notice.dedupeKey).toBe('alerts:2026-08-10:stale');
    expect(notificationText(notice.event, notice.params, 'zh-CN')).toBe(
      '预警：「A 目标」等 2 个目标已 14 天未更新进度',
    );
    expect(notificationText(notice.event, notice.params, 'en-US')).toBe(
      'Alert: 2 goals have had no check-in for 14 days, among them "A 目标"',
    );
  });
});

describe('key-event notices', () => {
  it('say who recorded it and which way it counts, never what it says', () => {
    const params = { fromName: '李经理', polarity: 'negative' as const };
    expect(notificationText('key_event.recorded', params, 'zh-CN')).toBe(
      '李经理 记录了一条关于你的关键事件（负面）',
    );
    expect(notificationText('key_event.recorded', { ...params, polarity: 'positive' }, 'en-US')).toBe(
      '李经理 recorded a key event about you (positive)',
    );
  });
});
