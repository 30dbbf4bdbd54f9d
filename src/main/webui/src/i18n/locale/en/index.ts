import { common } from './common';
import { signin } from './signin';
import { workspace } from './workspace';

export const en = { common, signin, workspace };
