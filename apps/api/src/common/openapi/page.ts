import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { Page } from '#contracts';

const pages = new Map<Type, Type>();

/**
 * `Page<T>` as an OpenAPI schema: `PageOf(BookingView)` is the class `BookingViewPage` with
 * `items: BookingView[]` and `nextCursor: string | null`. One class per item type, made once.
 */
export function PageOf<T>(item: Type<T>): Type<Page<T>> {
  const known = pages.get(item);
  if (known) return known as Type<Page<T>>;
  class PageClass implements Page<T> {
    @ApiProperty({ type: item, isArray: true })
    items: T[];

    @ApiProperty({ type: String, nullable: true, description: 'Opaque keyset cursor for the next page (`?cursor=`), or null on the last page' })
    nextCursor: string | null;
  }
  Object.defineProperty(PageClass, 'name', { value: `${item.name}Page` });
  pages.set(item, PageClass);
  return PageClass;
}
