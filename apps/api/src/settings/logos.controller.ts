import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../access/access.decorators.js';
import { ApiProblems } from '../common/openapi/problems.js';
import { LogosService } from './logos.service.js';

const IMAGE = { schema: { type: 'string', format: 'binary' } };

/**
 * Serves uploaded logos from our own origin (the booking page, the admin's header). The URL names
 * the content's hash, so it never changes meaning: cached for a year, immutable. The bytes were
 * checked to be an image when uploaded, and are sent so that no browser reads them as anything
 * else (their own Content-Type, nosniff, and a CSP that allows nothing should one open it).
 */
@ApiTags('public booking')
@Controller('public/logos')
export class LogosController {
  constructor(private readonly logos: LogosService) {}

  @Get(':businessId/:sha256')
  @Public()
  @ApiOperation({ operationId: 'getLogo', summary: "A business's uploaded logo, at the URL its branding names (logoUrl)" })
  @ApiOkResponse({ description: 'The image', content: { 'image/png': IMAGE, 'image/jpeg': IMAGE, 'image/gif': IMAGE, 'image/webp': IMAGE } })
  @ApiResponse({ status: 304, description: 'Not modified (If-None-Match names this logo)' })
  @ApiProblems({ 404: ['not_found'] })
  async logo(@Param('businessId') businessId: string, @Param('sha256') sha256: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const logo = await this.logos.served(businessId, sha256);
    const etag = `"${logo.sha256}"`;
    void reply
      .header('etag', etag)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cross-origin-resource-policy', 'same-origin')
      .header('content-disposition', 'inline; filename="logo"');
    const match = req.headers['if-none-match'];
    if (typeof match === 'string' && match.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
      void reply.status(304).send();
      return;
    }
    void reply.status(200).header('content-type', logo.contentType).send(logo.content);
  }
}
