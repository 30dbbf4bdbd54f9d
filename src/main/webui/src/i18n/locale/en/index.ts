import { common } from './common';
import { signin } from './signin';
import { workspace } from './workspace';
import { phone } from './phone';

export const en = { common, signin, workspace, phone };
