import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { UuidParam } from '../common/uuid-param.pipe.js';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { BusinessAccess, Public } from '../access/access.decorators.js';
import { Scope, type BusinessScope } from '../access/business-scope.js';
import { AcceptInvitationDto, InvitationTokenDto, InviteTeamMemberDto, UpdateTeamMemberDto } from './dto.js';
import { TeamService } from './team.service.js';
import { ApiProblems } from '../common/openapi/problems.js';
import { AcceptInvitationResponse, InvitationLookupResponse, TeamInvitationView, TeamMemberView } from './responses.js';

/** Owners manage who works in their business. */
@ApiTags('team')
// The business comes from the access guard (@Scope()); the path names it.
@ApiParam({ name: 'businessId', type: String, required: true })
@Controller('businesses/:businessId/team')
export class TeamController {
  constructor(private readonly team: TeamService) {}

  @Get()
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ operationId: 'listTeamMembers', summary: 'The members of the business, owners first, then by name' })
  @ApiOkResponse({ type: TeamMemberView, isArray: true })
  list(@Scope() scope: BusinessScope): Promise<TeamMemberView[]> {
    return this.team.list(scope);
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
  invite(@Scope() scope: BusinessScope, @Body() body: InviteTeamMemberDto): Promise<TeamInvitationView> {
    return this.team.invite(scope, body);
  }

  @Get('invitations')
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ operationId: 'listTeamInvitations', summary: 'Invitations still waiting for their person, newest first' })
  @ApiOkResponse({ type: TeamInvitationView, isArray: true })
  invitations(@Scope() scope: BusinessScope): Promise<TeamInvitationView[]> {
    return this.team.invitations(scope);
  }

  @Delete('invitations/:invitationId')
  @HttpCode(204)
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({
    operationId: 'revokeTeamInvitation',
    summary: 'Withdraw an invitation: its link stops working (and is not sent if it still waits in the outbox)',
  })
  @ApiNoContentResponse({ description: 'Withdrawn; no body' })
  @ApiProblems({ 400: ['bad_request'], 404: ['not_found'] })
  async revokeInvitation(@Scope() scope: BusinessScope, @Param('invitationId', new UuidParam('Invitation')) invitationId: string): Promise<void> {
    await this.team.revokeInvitation(scope, invitationId);
  }

  @Patch(':userId')
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ operationId: 'updateTeamMember', summary: "Change a member's role" })
  @ApiOkResponse({ type: TeamMemberView })
  @ApiProblems({ 400: ['bad_request'], 404: ['not_found'], 409: ['last_owner'] })
  update(
    @Scope() scope: BusinessScope,
    @Param('userId', new UuidParam('Team member')) userId: string,
    @Body() body: UpdateTeamMemberDto,
  ): Promise<TeamMemberView> {
    return this.team.changeRole(scope, userId, body.role);
  }

  @Delete(':userId')
  @HttpCode(204)
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ operationId: 'removeTeamMember', summary: 'Remove a member from the business (their account stays, without access here)' })
  @ApiNoContentResponse({ description: 'Removed; no body' })
  @ApiProblems({ 400: ['bad_request'], 404: ['not_found'], 409: ['last_owner'] })
  async remove(@Scope() scope: BusinessScope, @Param('userId', new UuidParam('Team member')) userId: string): Promise<void> {
    await this.team.remove(scope, userId);
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
  @ApiOperation({
    operationId: 'lookupTeamInvitation',
    summary: "What the link's invitation is for, and whether to choose a password (new) or confirm an existing one",
  })
  @ApiOkResponse({ type: InvitationLookupResponse })
  @ApiProblems({ 400: ['token_invalid'] })
  lookup(@Body() body: InvitationTokenDto): Promise<InvitationLookupResponse> {
    return this.team.lookupInvitation(body.token);
  }

  @Post('accept')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    operationId: 'acceptTeamInvitation',
    summary: 'Accept: a new person sets their password; a person with an account confirms with its password. Then sign in.',
  })
  @ApiOkResponse({ type: AcceptInvitationResponse })
  @ApiProblems({ 400: ['token_invalid'], 401: ['invalid_credentials'], 409: ['account_unavailable', 'conflict'] })
  accept(@Body() body: AcceptInvitationDto): Promise<AcceptInvitationResponse> {
    return this.team.acceptInvitation(body);
  }
}
