import type { PerkflowModule } from '../module.js';
import { accessResolvers } from './access.resolver.js';
import { seedAccessDemo } from './access.seed.js';
import { ApiKey } from './api-key.entity.js';
import { AppSetting } from './app-setting.entity.js';
import { Group } from './group.entity.js';
import { PrivacyLevelAssignmentRule } from './privacy-level-assignment-rule.entity.js';
import { PrivacyLevel } from './privacy-level.entity.js';
import { Unit } from './unit.entity.js';
import { User } from './user.entity.js';

export const accessModule: PerkflowModule = {
  name: 'access',
  entities: [Group, Unit, PrivacyLevel, PrivacyLevelAssignmentRule, User, ApiKey, AppSetting],
  resolvers: accessResolvers,
  seed: seedAccessDemo,
};
