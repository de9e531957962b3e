import { defineAbilityFor, type AppAbility, type Role } from '@perkflow/authz';
import { createContext, useContext } from 'react';
import { graphql, type ResultOf } from '../graphql';

export const MeQuery = graphql(`
  query Me {
    me {
      id
      email
      name
      roles
      isSuperUser
      group { id name }
      unit { id name }
      visibleOwnerGroupIds
      clearedPrivacyLevelIds
    }
  }
`);

export type Me = ResultOf<typeof MeQuery>['me'];

export interface ViewerContextValue {
  me: Me;
  ability: AppAbility;
  signOut: () => void;
}

export const ViewerContext = createContext<ViewerContextValue | null>(null);

/** The signed-in user and their CASL ability (the same definitions the API enforces). */
export function useViewer(): ViewerContextValue {
  const value = useContext(ViewerContext);
  if (!value) throw new Error('useViewer outside the signed-in app');
  return value;
}

export function abilityOf(me: Me): AppAbility {
  return defineAbilityFor({
    id: me.id,
    roles: me.roles as Role[],
    isSuperUser: me.isSuperUser,
    groupId: me.group.id,
    unitId: me.unit?.id ?? null,
    visibleOwnerGroupIds: me.visibleOwnerGroupIds,
    clearedPrivacyLevelIds: me.clearedPrivacyLevelIds,
  });
}
