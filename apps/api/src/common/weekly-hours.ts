import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import type { WeeklyHours as WeeklyHoursShape } from '#contracts';
import { Prop, type Assert, type SameShape } from './openapi/props.js';

/**
 * Weekly hours, shared by the business's opening hours (schedule/) and a resource's own working
 * hours (catalog/): local wall-clock 'HH:MM' in the business's zone; `closes` may be '24:00'
 * (open until midnight).
 */
export interface OpeningInterval {
  weekday: number;
  opens: string;
  closes: string;
}

const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
export const dayName = (weekday: number): string => DAY_NAMES[weekday - 1] ?? `day ${weekday}`;

export const OPENS_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
export const CLOSES_PATTERN = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** Minutes since local midnight of 'HH:MM' ('24:00' → 1440). */
export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/**
 * Problems with a weekly schedule as field errors: each interval must close after it opens, and the
 * intervals of one weekday must not overlap (touching, e.g. 09:00–12:00 and 12:00–18:00, is fine).
 */
export function weeklyHoursErrors(weekly: OpeningInterval[]): { field: string; messages: string[] }[] {
  const errors: { field: string; messages: string[] }[] = [];
  weekly.forEach((w, i) => {
    if (minutesOf(w.closes) <= minutesOf(w.opens))
      errors.push({ field: `weekly.${i}.closes`, messages: [`closes (${w.closes}) must be after opens (${w.opens})`] });
  });
  if (errors.length) return errors;
  for (let day = 1; day <= 7; day++) {
    const list = weekly.filter((w) => w.weekday === day).sort((a, b) => minutesOf(a.opens) - minutesOf(b.opens));
    for (let k = 1; k < list.length; k++) {
      const prev = list[k - 1]!;
      const cur = list[k]!;
      if (minutesOf(cur.opens) < minutesOf(prev.closes)) {
        errors.push({ field: 'weekly', messages: [`${dayName(day)}: ${prev.opens}–${prev.closes} overlaps ${cur.opens}–${cur.closes}`] });
      }
    }
  }
  return errors;
}

export class WeeklyHoursDto implements WeeklyHoursShape {
  @ApiProperty({ minimum: 1, maximum: 7, description: '1 = Monday … 7 = Sunday' }) @IsInt() @Min(1) @Max(7) weekday: number;
  @ApiProperty({ example: '09:00' }) @IsString() @Matches(OPENS_PATTERN, { message: 'opens must be HH:MM (00:00–23:59)' }) opens: string;
  @ApiProperty({ example: '18:00', description: "After opens; '24:00' means until midnight" })
  @IsString()
  @Matches(CLOSES_PATTERN, { message: 'closes must be HH:MM (00:01–24:00)' })
  closes: string;
}

/** Weekly hours in an answer (a resource's working hours, the business's opening hours). */
export class WeeklyHours implements WeeklyHoursShape {
  @Prop.int({ minimum: 1, maximum: 7, description: '1 = Monday … 7 = Sunday (ISO 8601)' }) weekday: number;
  @Prop.string({ example: '09:00', pattern: '^\\d{2}:\\d{2}$' }) opens: string;
  @Prop.string({ example: '17:00', pattern: '^\\d{2}:\\d{2}$' }) closes: string;
}

export type Checks = [Assert<SameShape<WeeklyHours, WeeklyHoursShape>>];
