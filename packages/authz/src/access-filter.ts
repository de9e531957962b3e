import type { MongoQuery } from '@casl/ability';
import { rulesToCondition } from '@casl/ability/extra';
import type { Action } from './actions.js';
import type { AppAbility } from './ability.js';
import type { SubjectName } from './subjects.js';

/**
 * The records of `subject` on which `action` is allowed, as one Mongo-style condition:
 * `{}` when every record is, `null` when none is. The API turns this into a SQL filter.
 */
export function accessCondition(ability: AppAbility, action: Action, subject: SubjectName): MongoQuery | null {
  const rules = ability.rulesFor(action, subject);
  return rulesToCondition<AppAbility, MongoQuery, MongoQuery>(
    rules,
    (rule) => {
      const conditions = (rule.conditions ?? {}) as MongoQuery;
      return rule.inverted ? ({ $nor: [conditions] } as MongoQuery) : conditions;
    },
    {
      and: (conditions) => (conditions.length === 1 ? conditions[0] : ({ $and: conditions } as MongoQuery)),
      or: (conditions) =>
        conditions.some((c) => Object.keys(c).length === 0)
          ? {}
          : conditions.length === 1
            ? conditions[0]
            : ({ $or: conditions } as MongoQuery),
      empty: () => ({}),
    },
  );
}
