import { Body, Controller, Delete, Get, Put, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { LogosService } from './logos.service.js';
import { ApiProblems } from '../common/openapi/problems.js';
import { BrandingSettings, GeneralSettings } from './responses.js';
import { BusinessAccess } from '../access/access.decorators.js';
import { Scope, type BusinessScope } from '../access/business-scope.js';
import { BrandingSettingsDto, GeneralSettingsDto } from './dto.js';
import { SettingsService } from './settings.service.js';

/** Reads for every member (the shell brands itself with the branding); writes for owners. */
@ApiTags('settings')
// The business comes from the access guard (@Scope()); the path names it.
@ApiParam({ name: 'businessId', type: String, required: true })
@Controller('businesses/:businessId/settings')
export class SettingsController {
  constructor(
    private readonly settings: SettingsService,
    private readonly logos: LogosService,
  ) {}

  @Get('general')
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ operationId: 'getGeneralSettings', summary: "The business's name, time zone, currency and contact details" })
  @ApiOkResponse({ type: GeneralSettings })
  general(@Scope() scope: BusinessScope): Promise<GeneralSettings> {
    return this.settings.general(scope);
  }

  @Put('general')
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ operationId: 'updateGeneralSettings', summary: "Replace the business's name, time zone, currency and contact details" })
  @ApiOkResponse({ type: GeneralSettings })
  @ApiProblems({ 400: ['invalid_time_zone', 'invalid_currency'] })
  updateGeneral(@Scope() scope: BusinessScope, @Body() body: GeneralSettingsDto): Promise<GeneralSettings> {
    return this.settings.updateGeneral(scope, body);
  }

  @Get('branding')
  @BusinessAccess({ minRole: 'staff' })
  @ApiOperation({ operationId: 'getBrandingSettings', summary: "The business's colour and logo" })
  @ApiOkResponse({ type: BrandingSettings })
  branding(@Scope() scope: BusinessScope): Promise<BrandingSettings> {
    return this.settings.branding(scope);
  }

  @Put('branding')
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({
    operationId: 'updateBrandingSettings',
    summary: "Replace the business's colour (#RRGGBB; null clears it). The logo is uploaded (PUT …/branding/logo), never linked",
    description:
      'logoUrl may be left out or sent as it is (the current logo stays), or null (the logo is removed); any other URL is refused with 400 `logo_url_external`, ' +
      'so no page of ours loads an image from a server the owner chose.',
  })
  @ApiOkResponse({ type: BrandingSettings })
  @ApiProblems({ 400: ['logo_url_external'] })
  updateBranding(@Scope() scope: BusinessScope, @Body() body: BrandingSettingsDto): Promise<BrandingSettings> {
    return this.settings.updateBranding(scope, body);
  }
  @Put('branding/logo')
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({
    operationId: 'uploadBrandingLogo',
    summary: 'Upload the logo: the image itself as the body (PNG, JPEG, GIF or WebP, at most 512 kB and 4096 px each way); it replaces the current one',
    description:
      'The type is decided by the bytes, not by Content-Type or a file name: SVG, HTML and anything that is not a whole image (a truncated file, data after its end) ' +
      'is refused with 415 `logo_unsupported`; a body over 512 kB with 413 `logo_too_large`. Text chunks, comments and EXIF/XMP are removed before it is stored. ' +
      'The answer names where it is served (logoUrl, on this origin, immutable).',
  })
  @ApiConsumes('image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: BrandingSettings })
  @ApiProblems({ 413: ['logo_too_large'], 415: ['logo_unsupported'] })
  uploadLogo(@Scope() scope: BusinessScope, @Req() req: FastifyRequest): Promise<BrandingSettings> {
    return this.logos.upload(scope, req.body);
  }
  @Delete('branding/logo')
  @BusinessAccess({ minRole: 'owner' })
  @ApiOperation({ operationId: 'removeBrandingLogo', summary: 'Remove the logo (the initial is shown instead)' })
  @ApiOkResponse({ type: BrandingSettings })
  removeLogo(@Scope() scope: BusinessScope): Promise<BrandingSettings> {
    return this.logos.remove(scope);
  }
}
