import { Global, Module } from '@nestjs/common';
import { Clock } from './clock.js';
import { DatabaseOutage } from './database-outage.js';

@Global()
@Module({ providers: [Clock, DatabaseOutage], exports: [Clock, DatabaseOutage] })
export class CommonModule {}
