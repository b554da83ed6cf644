import { Prop } from '../common/openapi/props.js';

export class HealthView {
  @Prop.enum(['ok']) status: 'ok';
  @Prop.enum(['up']) database: 'up';
}
