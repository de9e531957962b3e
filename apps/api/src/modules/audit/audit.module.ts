import type { PerkflowModule } from '../module.js';
import { auditChainJob } from './audit-chainer.js';
import { AuditEntry } from './audit-entry.entity.js';
import { auditResolvers } from './audit.resolver.js';

export const auditModule: PerkflowModule = { name: 'audit', entities: [AuditEntry], resolvers: auditResolvers, jobs: [auditChainJob] };
