import { graphql } from '../../graphql';

export const CampaignsQuery = graphql(`
  query Campaigns($state: CampaignState) {
    campaigns(state: $state) {
      id name kind state pausedReason discountKind percentage amount currency startsAt expiresAt timezone codesCount redemptionsCount
      budget { period amount spent remaining }
    }
  }
`);

export const CampaignQuery = graphql(`
  query Campaign($id: ID!) {
    campaign(id: $id) {
      id name kind state pausedReason discountKind percentage amount maxDiscount currency startsAt expiresAt timezone startsAtLocal expiresAtLocal
      budget { period amount spent remaining burnRatePerDay projectedExhaustionAt periodKey periodStart periodEnd pauseThreshold }
      maxRedemptionsPerCode maxRedemptionsPerCustomer maxRedemptions minSpend stacking stackingGroup maxCodesPerOrder maxIssued onePerCustomer
      includedSegments { id name } excludedSegments { id name } products { id name } productTypes { id name } allowedUnits { id name }
      codesCount redemptionsCount ownedByGroup { id name }
    }
  }
`);

export const ConflictsQuery = graphql(`
  query CampaignConflicts($id: ID!) { campaignConflicts(id: $id) { campaign { id name startsAt expiresAt } reasons } }
`);

export const TargetingOptionsQuery = graphql(`
  query CampaignTargetingOptions {
    segments(entity: CUSTOMER) { id name }
    products { id code name }
    productTypes { id name }
    units { id name }
  }
`);

export const CreateCampaign = graphql(`
  mutation CreateCampaignWizard($input: CreateCampaignInput!) { createCampaign(input: $input) { id name state } }
`);

export const ActivateCampaign = graphql(`
  mutation ActivateCampaign($id: ID!) { activateCampaign(id: $id) { campaign { id state } conflicts { campaign { id name } reasons } } }
`);
export const PauseCampaign = graphql(`
  mutation PauseCampaign($id: ID!, $reason: String) { pauseCampaign(id: $id, reason: $reason) { id state pausedReason } }
`);
export const ResumeCampaign = graphql(`
  mutation ResumeCampaign($id: ID!) { resumeCampaign(id: $id) { id state pausedReason } }
`);
export const EndCampaign = graphql(`
  mutation EndCampaign($id: ID!) { endCampaign(id: $id) { id state } }
`);
