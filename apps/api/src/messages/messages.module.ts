import { Global, Module } from '@nestjs/common';
import { MailTransport } from './mail-transport.js';
import { MessagesRepository } from './messages.repository.js';
import { NoticesController } from './notices.controller.js';
import { NoticesService } from './notices.service.js';
import { OutboxController } from './outbox.controller.js';
import { OutboxService } from './outbox.service.js';
import { OutboxWorker } from './outbox.worker.js';

/**
 * Messages: the transactional outbox, its delivery worker and the SMTP transport, the templates, and
 * the in-app notices. Global, because the events that cause messages live in other modules (team
 * invites, password resets, bookings, impersonation) and write their message in their own transaction.
 */
@Global()
@Module({
  controllers: [OutboxController, NoticesController],
  providers: [MessagesRepository, MailTransport, OutboxService, OutboxWorker, NoticesService],
  exports: [OutboxService, OutboxWorker, NoticesService],
})
export class MessagesModule {}
