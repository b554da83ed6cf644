import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AcceptInvitationResponse, InvitationLookupResponse, TeamInvitationView, TeamMemberView } from '#contracts';
import { BusinessAccess, Public } from '../common/access.decorators.js';
import { AuditAction } from '../common/request-context.guard.js';
import { AcceptInvitationDto, InvitationTokenDto, InviteTeamMemberDto, UpdateTeamMemberDto } from './dto.js';
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
  @ApiOperation({
    summary:
      'Invite a person by e-mail: they get a link to choose their own password, or to accept with the account they already have. ' +
      'The answer is the same whether or not the address has an account anywhere on the platform.',
  })
  @ApiCreatedResponse({ description: 'TeamInvitationView' })
  @ApiBadRequestResponse({ description: 'problem+json `validation_failed`' })
  @ApiConflictResponse({ description: 'problem+json `already_member` (already in this team)' })
  invite(@Param('businessId') businessId: string, @Body() body: InviteTeamMemberDto): Promise<TeamInvitationView> {
    return this.team.invite(businessId, body);
  }

  @Get('invitations')
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ summary: 'Invitations still waiting for their person, newest first' })
  @ApiOkResponse({ description: 'TeamInvitationView[]' })
  invitations(@Param('businessId') businessId: string): Promise<TeamInvitationView[]> {
    return this.team.invitations(businessId);
  }

  @Delete('invitations/:invitationId')
  @HttpCode(204)
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ summary: 'Withdraw an invitation: its link stops working (and is not sent if it still waits in the outbox)' })
  @ApiNoContentResponse({ description: 'Withdrawn' })
  @ApiNotFoundResponse({ description: 'problem+json `not_found`' })
  async revokeInvitation(@Param('businessId') businessId: string, @Param('invitationId', new ParseUUIDPipe()) invitationId: string): Promise<void> {
    await this.team.revokeInvitation(businessId, invitationId);
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

/** The invitee's side of an invitation: no sign-in, the link's token is the credential. */
@ApiTags('team')
@Controller('team-invitations')
export class TeamInvitationsController {
  constructor(private readonly team: TeamService) {}

  @Post('lookup')
  @HttpCode(200)
  @Public()
  @AuditAction('team.invitation.lookup')
  @ApiOperation({ summary: "What the link's invitation is for, and whether to choose a password (new) or confirm an existing one" })
  @ApiOkResponse({ description: 'InvitationLookupResponse' })
  @ApiBadRequestResponse({ description: 'problem+json `token_invalid` (unknown, used, withdrawn or expired)' })
  lookup(@Body() body: InvitationTokenDto): Promise<InvitationLookupResponse> {
    return this.team.lookupInvitation(body.token);
  }

  @Post('accept')
  @HttpCode(200)
  @Public()
  @AuditAction('team.invitation.accept')
  @ApiOperation({ summary: 'Accept: a new person sets their password; a person with an account confirms with its password. Then sign in.' })
  @ApiOkResponse({ description: 'AcceptInvitationResponse' })
  @ApiBadRequestResponse({ description: 'problem+json `token_invalid` | `validation_failed`' })
  @ApiConflictResponse({ description: 'problem+json `account_unavailable` (an operator or disabled account)' })
  accept(@Body() body: AcceptInvitationDto): Promise<AcceptInvitationResponse> {
    return this.team.acceptInvitation(body);
  }
}
