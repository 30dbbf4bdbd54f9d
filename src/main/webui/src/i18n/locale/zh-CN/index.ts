import { common } from './common';
import { signin } from './signin';
import { workspace } from './workspace';
import { phone } from './phone';

export const zhCN = { common, signin, workspace, phone };
