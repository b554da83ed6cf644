import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CustomerRecord, CustomerView, Page } from '#contracts';
import { AuditResource } from '../common/request-context.guard.js';
import { BusinessAccess } from '../common/access.decorators.js';
import { CustomersService } from './customers.service.js';
import { CreateCustomerDto, CustomerListQuery, UpdateCustomerDto } from './dto/customer.dto.js';
import { UuidParam } from './uuid-param.pipe.js';

@ApiTags('customers')
@Controller('businesses/:businessId/customers')
@AuditResource('customer')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Get()
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ summary: 'Customers by name; q searches name, e-mail and phone; keyset-paginated' })
  @ApiOkResponse({ description: 'Page<CustomerView>' })
  @ApiBadRequestResponse({ description: 'problem+json `validation_failed` | `invalid_cursor`' })
  list(@Param('businessId') businessId: string, @Query() query: CustomerListQuery): Promise<Page<CustomerView>> {
    return this.customers.list(businessId, query);
  }

  @Post()
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ summary: 'Add a customer' })
  @ApiCreatedResponse({ description: 'CustomerView' })
  @ApiBadRequestResponse({ description: 'problem+json `validation_failed`' })
  @ApiConflictResponse({ description: 'problem+json `email_taken`' })
  create(@Param('businessId') businessId: string, @Body() body: CreateCustomerDto): Promise<CustomerView> {
    return this.customers.create(businessId, body);
  }

  @Get(':id')
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ summary: 'The customer record with their latest 100 bookings, newest first' })
  @ApiOkResponse({ description: 'CustomerRecord' })
  @ApiNotFoundResponse({ description: 'problem+json `not_found`' })
  get(@Param('businessId') businessId: string, @Param('id', new UuidParam('Customer')) id: string): Promise<CustomerRecord> {
    return this.customers.get(businessId, id);
  }

  @Patch(':id')
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ summary: 'Change name, e-mail, phone or notes (null clears an optional field)' })
  @ApiOkResponse({ description: 'CustomerView' })
  @ApiBadRequestResponse({ description: 'problem+json `validation_failed`' })
  @ApiNotFoundResponse({ description: 'problem+json `not_found`' })
  @ApiConflictResponse({ description: 'problem+json `email_taken`' })
  update(@Param('businessId') businessId: string, @Param('id', new UuidParam('Customer')) id: string, @Body() body: UpdateCustomerDto): Promise<CustomerView> {
    return this.customers.update(businessId, id, body);
  }
}
