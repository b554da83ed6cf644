import type { Type } from '@nestjs/common';
import { BookingsModule } from './bookings/bookings.module.js';
import { BusinessesModule } from './businesses/businesses.module.js';
import { CatalogModule } from './catalog/catalog.module.js';
import { CustomersModule } from './customers/customers.module.js';
import { OperatorModule } from './operator/operator.module.js';
import { PublicModule } from './public/public.module.js';

/** The business feature modules, registered in AppModule after the platform modules. */
export const FEATURE_MODULES: Type[] = [BusinessesModule, CatalogModule, BookingsModule, CustomersModule, OperatorModule, PublicModule];
