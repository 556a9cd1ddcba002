import { ApiProperty } from '@nestjs/swagger';
import { globalActions, roles, type GlobalAction, type Role } from '../../../../libs/domain/index.js';

/** `GET /me`: who the caller is, and what they may do outside any case or supplier. */
export class MeDto {
  @ApiProperty({ example: 'li.wei' }) subject!: string;
  @ApiProperty({ enum: roles, isArray: true, example: ['owner'] }) roles!: Role[];
  @ApiProperty({ type: [String], example: ['wang.fang'], description: 'Teammates whose cases the caller may work' })
  team!: string[];
  @ApiProperty({
    enum: globalActions,
    isArray: true,
    example: ['register-complaint'],
    description: 'What the caller may do outside any case or supplier: the screens the UI offers them',
  })
  allowedActions!: GlobalAction[];
}
