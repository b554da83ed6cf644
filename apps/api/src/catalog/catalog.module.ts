import { Module } from '@nestjs/common';
import { ResourcesController, ServicesController } from './catalog.controllers.js';
import { CatalogRepository } from './catalog.repository.js';
import { CatalogService } from './catalog.service.js';

/**
 * What a business offers and what its bookings occupy: services, resources, which resources perform
 * which service, and resources' own working hours. Owns and alone writes the tables services,
 * resources, service_resources and resource_working_hours; others read them through CatalogRepository.
 */
@Module({
  controllers: [ServicesController, ResourcesController],
  providers: [CatalogService, CatalogRepository],
  exports: [CatalogService, CatalogRepository],
})
export class CatalogModule {}
