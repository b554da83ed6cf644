import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { OptionalNotNull, Trim } from './validation-helpers.js';

export class CreateServiceDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Haircut' }) @Trim() @IsString() @Length(1, 200) name: string;
  @ApiProperty({ minimum: 5, maximum: 1440, example: 45 }) @IsInt() @Min(5) @Max(1440) durationMinutes: number;
  @ApiProperty({ minimum: 0, example: 3500, description: 'Integer cents' }) @IsInt() @Min(0) @Max(2_000_000_000) priceCents: number;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() active?: boolean;
}

export class UpdateServiceDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 }) @OptionalNotNull() @Trim() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional({ minimum: 5, maximum: 1440 }) @OptionalNotNull() @IsInt() @Min(5) @Max(1440) durationMinutes?: number;
  @ApiPropertyOptional({ minimum: 0 }) @OptionalNotNull() @IsInt() @Min(0) @Max(2_000_000_000) priceCents?: number;
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() active?: boolean;
}

export class CreateResourceDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Chair 4' }) @Trim() @IsString() @Length(1, 200) name: string;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() active?: boolean;
}

export class UpdateResourceDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 }) @OptionalNotNull() @Trim() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() active?: boolean;
}
