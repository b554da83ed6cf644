import 'reflect-metadata';
import { serve } from './boot/serve.js';

void serve();
