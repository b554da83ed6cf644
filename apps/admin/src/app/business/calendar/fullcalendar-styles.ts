import { ChangeDetectionStrategy, Component, ViewEncapsulation } from '@angular/core';

/*
 * FullCalendar's stylesheets, loaded with the calendar page only (not in the initial bundle).
 * Each sits in its own style-only component because the two files together exceed the per-component
 * style budget; ViewEncapsulation.None because FullCalendar renders its own DOM.
 */

@Component({
  selector: 'app-fc-skeleton-styles',
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  template: '',
  styleUrl: './fullcalendar-skeleton.css',
})
export class FullCalendarSkeletonStyles {}

@Component({
  selector: 'app-fc-theme-styles',
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  template: '',
  styleUrl: './fullcalendar-theme.css',
})
export class FullCalendarThemeStyles {}
