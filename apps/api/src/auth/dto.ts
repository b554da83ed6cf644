import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { LoginRequest, PasswordResetConfirmRequest, PasswordResetRequest } from '#contracts';
import { LIMITS } from '#contracts';

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'operator@demo.test' })
  @IsString()
  @MaxLength(LIMITS.email.max)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email: string;

  @ApiProperty({ example: 'demo-operator', format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.password.max)
  password: string;
}

export class PasswordResetDto implements PasswordResetRequest {
  @ApiProperty({ example: 'owner@acme-hair.demo.test' })
  @IsString()
  @MaxLength(LIMITS.email.max)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email: string;
}

export class PasswordResetConfirmDto implements PasswordResetConfirmRequest {
  @ApiProperty({ description: 'The token from the link in the e-mail' })
  @IsString()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'token is not valid' })
  token: string;

  @ApiProperty({ format: 'password', minLength: 8 })
  @IsString()
  @MinLength(LIMITS.password.min, { message: 'password must be at least 8 characters' })
  @MaxLength(LIMITS.password.max)
  password: string;
}
