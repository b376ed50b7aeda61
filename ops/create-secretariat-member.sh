#!/usr/bin/env bash
# Creates a secretariat member in a deployed Agora stack, in one command:
#   ops/create-secretariat-member.sh <email> [stack name, default Agora-prod]
# Cognito emails them a temporary password; at first sign-in they choose their own (and should enrol TOTP MFA).
# Needs the AWS CLI v2 with credentials for the stack's account and region (AWS_PROFILE / AWS_REGION).
set -euo pipefail
email="${1:?usage: ops/create-secretariat-member.sh <email> [stack name]}"
stack="${2:-Agora-prod}"
output() {
  aws cloudformation describe-stacks --stack-name "$stack" --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}
pool="$(output StaffUserPoolId)"
if [ -z "$pool" ] || [ "$pool" = "None" ]; then
  echo "No StaffUserPoolId output on stack $stack: is it deployed in this account and region?" >&2
  exit 1
fi
aws cognito-idp admin-create-user --user-pool-id "$pool" --username "$email" \
  --user-attributes Name=email,Value="$email" Name=email_verified,Value=true \
  --desired-delivery-mediums EMAIL >/dev/null
aws cognito-idp admin-add-user-to-group --user-pool-id "$pool" --username "$email" --group-name secretariat
echo "Created $email in $pool and added them to the secretariat group; Cognito has emailed a temporary password."
