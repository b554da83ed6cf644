import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { PageOf } from '../common/openapi/page.js';
import { ApiProblems } from '../common/openapi/problems.js';
import { CustomerRecord, CustomerView } from './responses.js';
import type { Page } from '#contracts';
import { BusinessAccess } from '../access/access.decorators.js';
import { Scope, type BusinessScope } from '../access/business-scope.js';
import { CustomersService } from './customers.service.js';
import { CreateCustomerDto, CustomerListQuery, UpdateCustomerDto } from './dto.js';
import { UuidParam } from '../common/uuid-param.pipe.js';

@ApiTags('customers')
@ApiParam({ name: 'businessId', type: String, required: true })
@Controller('businesses/:businessId/customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Get()
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ operationId: 'listCustomers', summary: 'Customers by name; q searches name, e-mail and phone; keyset-paginated' })
  @ApiOkResponse({ type: PageOf(CustomerView) })
  @ApiProblems({ 400: ['invalid_cursor'] })
  list(@Scope() scope: BusinessScope, @Query() query: CustomerListQuery): Promise<Page<CustomerView>> {
    return this.customers.list(scope, query);
  }

  @Post()
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ operationId: 'createCustomer', summary: 'Add a customer' })
  @ApiCreatedResponse({ type: CustomerView })
  @ApiProblems({ 409: ['email_taken'] })
  create(@Scope() scope: BusinessScope, @Body() body: CreateCustomerDto): Promise<CustomerView> {
    return this.customers.create(scope, body);
  }

  @Get(':id')
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ operationId: 'getCustomer', summary: 'The customer record with their latest 100 bookings, newest first' })
  @ApiOkResponse({ type: CustomerRecord })
  @ApiProblems({ 404: ['not_found'] })
  get(@Scope() scope: BusinessScope, @Param('id', new UuidParam('Customer')) id: string): Promise<CustomerRecord> {
    return this.customers.get(scope, id);
  }

  @Patch(':id')
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ operationId: 'updateCustomer', summary: 'Change name, e-mail, phone or notes (null clears an optional field)' })
  @ApiOkResponse({ type: CustomerView })
  @ApiProblems({ 404: ['not_found'], 409: ['email_taken'] })
  update(@Scope() scope: BusinessScope, @Param('id', new UuidParam('Customer')) id: string, @Body() body: UpdateCustomerDto): Promise<CustomerView> {
    return this.customers.update(scope, id, body);
  }
}
