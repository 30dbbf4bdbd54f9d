import { common } from './common';
import { signin } from './signin';
import { workspace } from './workspace';
import { interaction } from './interaction';
import { customer } from './customer';
import { search } from './search';
import { history } from './history';
import { phone } from './phone';
import { wallboard } from './wallboard';
import { admin } from './admin';
import { reports } from './reports';

export const en = { common, signin, workspace, interaction, customer, search, history, phone, wallboard, admin, reports };
