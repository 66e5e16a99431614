import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  formatRangeTitle,
  formatTime,
  isoInstant,
  localDateOf,
  minutesIntoDay,
  monthRange,
  safeZone,
  startOfWeek,
  weekRange,
  zonedParts,
  zonedTimeToUtc,
} from './dates';

const BERLIN = 'Europe/Berlin';
const H = 3600_000;
const utc = (s: string) => Date.parse(s);

describe('calendar dates in the company zone', () => {
  it('does calendar arithmetic on local dates', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-01');
    expect(startOfWeek('2026-03-29')).toBe('2026-03-23'); // Sunday → its Monday
    expect(startOfWeek('2026-03-23')).toBe('2026-03-23');
  });

  it('turns wall-clock times into instants, across both DST changes in Berlin', () => {
    expect(zonedTimeToUtc('2026-03-28', '10:00', BERLIN)).toBe(utc('2026-03-28T09:00:00Z')); // CET
    expect(zonedTimeToUtc('2026-03-30', '10:00', BERLIN)).toBe(utc('2026-03-30T08:00:00Z')); // CEST
    expect(zonedTimeToUtc('2026-03-29', '03:00', BERLIN)).toBe(utc('2026-03-29T01:00:00Z'));
    // 02:30 does not exist on 29 March: it moves forward by the gap (03:30 CEST).
    expect(zonedTimeToUtc('2026-03-29', '02:30', BERLIN)).toBe(utc('2026-03-29T01:30:00Z'));
    // 02:30 happens twice on 25 October: the first occurrence (still CEST).
    expect(zonedTimeToUtc('2026-10-25', '02:30', BERLIN)).toBe(utc('2026-10-25T00:30:00Z'));
    expect(zonedTimeToUtc('2026-10-25', '12:00', BERLIN)).toBe(utc('2026-10-25T11:00:00Z'));
  });

  it('gives the week 167 hours in spring and 169 in autumn', () => {
    const spring = weekRange('2026-03-26', BERLIN);
    expect(spring.days).toEqual(['2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29']);
    expect(spring.from).toBe(utc('2026-03-22T23:00:00Z'));
    expect(spring.to).toBe(utc('2026-03-29T22:00:00Z'));
    expect((spring.to - spring.from) / H).toBe(167);

    const autumn = weekRange('2026-10-25', BERLIN);
    expect(autumn.days[0]).toBe('2026-10-19');
    expect(autumn.from).toBe(utc('2026-10-18T22:00:00Z'));
    expect(autumn.to).toBe(utc('2026-10-25T23:00:00Z'));
    expect((autumn.to - autumn.from) / H).toBe(169);

    const plain = weekRange('2026-06-10', BERLIN);
    expect((plain.to - plain.from) / H).toBe(168);
  });

  it('builds the month grid Monday first', () => {
    const nov = monthRange('2026-11-17', 'UTC');
    expect(nov.month).toBe('2026-11');
    expect(nov.days[0]).toBe('2026-10-26');
    expect(nov.days.length % 7).toBe(0);
    expect(nov.days.at(-1)).toBe('2026-12-06');
    expect(nov.from).toBe(utc('2026-10-26T00:00:00Z'));
    expect(nov.to).toBe(utc('2026-12-07T00:00:00Z'));
    const feb = monthRange('2027-02-01', 'UTC'); // 1 Feb 2027 is a Monday, 28 days
    expect(feb.days.length).toBe(28);
  });

  it('reads local dates, times and wall-clock minutes in the zone', () => {
    const late = utc('2026-03-28T23:30:00Z'); // 00:30 on the 29th in Berlin
    expect(localDateOf(late, BERLIN)).toBe('2026-03-29');
    expect(localDateOf(late, 'UTC')).toBe('2026-03-28');
    expect(zonedParts(late, BERLIN)).toMatchObject({ hour: 0, minute: 30, weekday: 6 });
    expect(formatTime(utc('2026-03-29T01:30:00Z'), 'en-GB', BERLIN)).toBe('03:30');
    expect(formatTime(utc('2026-03-29T01:30:00Z'), 'en-GB', 'America/New_York')).toBe('21:30');
    // The spring-forward day: 03:30 local is 210 minutes into the wall-clock day.
    expect(minutesIntoDay(utc('2026-03-29T01:30:00Z'), '2026-03-29', BERLIN)).toBe(210);
    expect(minutesIntoDay(utc('2026-03-28T20:00:00Z'), '2026-03-29', BERLIN)).toBe(0);
    expect(minutesIntoDay(utc('2026-03-30T08:00:00Z'), '2026-03-29', BERLIN)).toBe(1440);
  });

  it('falls back to UTC for an unknown zone, and formats instants and titles', () => {
    expect(safeZone('Mars/Olympus')).toBe('UTC');
    expect(safeZone('')).toBe('UTC');
    expect(safeZone(BERLIN)).toBe(BERLIN);
    expect(isoInstant(utc('2026-03-22T23:00:00Z'))).toBe('2026-03-22T23:00:00Z');
    expect(formatRangeTitle('month', '2026-11-17', 'en')).toBe('November 2026');
    expect(formatRangeTitle('week', '2026-11-25', 'en')).toMatch(/Nov 23.*29, 2026/);
  });
});
