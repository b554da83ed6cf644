import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { TeamMemberView } from '#contracts';
import { BusinessAccess } from '../common/access.decorators.js';
import { InviteTeamMemberDto, UpdateTeamMemberDto } from './dto.js';
import { TeamService } from './team.service.js';

/** Owners manage who works in their business. */
@ApiTags('team')
@Controller('businesses/:businessId/team')
export class TeamController {
  constructor(private readonly team: TeamService) {}

  @Get()
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ summary: 'The members of the business, owners first, then by name' })
  @ApiOkResponse({ description: 'TeamMemberView[]' })
  list(@Param('businessId') businessId: string): Promise<TeamMemberView[]> {
    return this.team.list(businessId);
  }

  @Post()
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ summary: 'Add a person: creates their business account with the given password and role' })
  @ApiCreatedResponse({ description: 'TeamMemberView' })
  @ApiBadRequestResponse({ description: 'problem+json `validation_failed`' })
  @ApiConflictResponse({ description: 'problem+json `email_taken`' })
  invite(@Param('businessId') businessId: string, @Body() body: InviteTeamMemberDto): Promise<TeamMemberView> {
    return this.team.invite(businessId, body);
  }

  @Patch(':userId')
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ summary: "Change a member's role" })
  @ApiOkResponse({ description: 'TeamMemberView' })
  @ApiNotFoundResponse({ description: 'problem+json `not_found` (not a member of this business)' })
  @ApiConflictResponse({ description: 'problem+json `last_owner`' })
  update(@Param('businessId') businessId: string, @Param('userId', new ParseUUIDPipe()) userId: string, @Body() body: UpdateTeamMemberDto): Promise<TeamMemberView> {
    return this.team.changeRole(businessId, userId, body.role);
  }

  @Delete(':userId')
  @HttpCode(204)
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ summary: 'Remove a member from the business (their account stays, without access here)' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiNotFoundResponse({ description: 'problem+json `not_found` (not a member of this business)' })
  @ApiConflictResponse({ description: 'problem+json `last_owner`' })
  async remove(@Param('businessId') businessId: string, @Param('userId', new ParseUUIDPipe()) userId: string): Promise<void> {
    await this.team.remove(businessId, userId);
  }
}
