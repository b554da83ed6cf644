import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { UuidParam } from '../common/uuid-param.pipe.js';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BusinessAccess, Public } from '../access/access.decorators.js';
import { AcceptInvitationDto, InvitationTokenDto, InviteTeamMemberDto, UpdateTeamMemberDto } from './dto.js';
import { TeamService } from './team.service.js';
import { ApiProblems } from '../common/openapi/problems.js';
import { AcceptInvitationResponse, InvitationLookupResponse, TeamInvitationView, TeamMemberView } from './responses.js';

/** Owners manage who works in their business. */
@ApiTags('team')
@Controller('businesses/:businessId/team')
export class TeamController {
  constructor(private readonly team: TeamService) {}

  @Get()
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ operationId: 'listTeamMembers', summary: 'The members of the business, owners first, then by name' })
  @ApiOkResponse({ type: TeamMemberView, isArray: true })
  list(@Param('businessId') businessId: string): Promise<TeamMemberView[]> {
    return this.team.list(businessId);
  }

  @Post()
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({
    operationId: 'inviteTeamMember',
    summary:
      'Invite a person by e-mail: they get a link to choose their own password, or to accept with the account they already have. ' +
      'The answer is the same whether or not the address has an account anywhere on the platform.',
  })
  @ApiCreatedResponse({ type: TeamInvitationView })
  @ApiProblems({ 409: ['already_member', 'conflict'] })
  invite(@Param('businessId') businessId: string, @Body() body: InviteTeamMemberDto): Promise<TeamInvitationView> {
    return this.team.invite(businessId, body);
  }

  @Get('invitations')
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ operationId: 'listTeamInvitations', summary: 'Invitations still waiting for their person, newest first' })
  @ApiOkResponse({ type: TeamInvitationView, isArray: true })
  invitations(@Param('businessId') businessId: string): Promise<TeamInvitationView[]> {
    return this.team.invitations(businessId);
  }

  @Delete('invitations/:invitationId')
  @HttpCode(204)
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ operationId: 'revokeTeamInvitation', summary: 'Withdraw an invitation: its link stops working (and is not sent if it still waits in the outbox)' })
  @ApiNoContentResponse({ description: 'Withdrawn; no body' })
  @ApiProblems({ 400: ['bad_request'], 404: ['not_found'] })
  async revokeInvitation(@Param('businessId') businessId: string, @Param('invitationId', new UuidParam('Invitation')) invitationId: string): Promise<void> {
    await this.team.revokeInvitation(businessId, invitationId);
  }

  @Patch(':userId')
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ operationId: 'updateTeamMember', summary: "Change a member's role" })
  @ApiOkResponse({ type: TeamMemberView })
  @ApiProblems({ 400: ['bad_request'], 404: ['not_found'], 409: ['last_owner'] })
  update(@Param('businessId') businessId: string, @Param('userId', new UuidParam('Team member')) userId: string, @Body() body: UpdateTeamMemberDto): Promise<TeamMemberView> {
    return this.team.changeRole(businessId, userId, body.role);
  }

  @Delete(':userId')
  @HttpCode(204)
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ operationId: 'removeTeamMember', summary: 'Remove a member from the business (their account stays, without access here)' })
  @ApiNoContentResponse({ description: 'Removed; no body' })
  @ApiProblems({ 400: ['bad_request'], 404: ['not_found'], 409: ['last_owner'] })
  async remove(@Param('businessId') businessId: string, @Param('userId', new UuidParam('Team member')) userId: string): Promise<void> {
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
  @ApiOperation({ operationId: 'lookupTeamInvitation', summary: "What the link's invitation is for, and whether to choose a password (new) or confirm an existing one" })
  @ApiOkResponse({ type: InvitationLookupResponse })
  @ApiProblems({ 400: ['token_invalid'] })
  lookup(@Body() body: InvitationTokenDto): Promise<InvitationLookupResponse> {
    return this.team.lookupInvitation(body.token);
  }

  @Post('accept')
  @HttpCode(200)
  @Public()
  @ApiOperation({ operationId: 'acceptTeamInvitation', summary: 'Accept: a new person sets their password; a person with an account confirms with its password. Then sign in.' })
  @ApiOkResponse({ type: AcceptInvitationResponse })
  @ApiProblems({ 400: ['token_invalid'], 401: ['invalid_credentials'], 409: ['account_unavailable', 'conflict'] })
  accept(@Body() body: AcceptInvitationDto): Promise<AcceptInvitationResponse> {
    return this.team.acceptInvitation(body);
  }
}
