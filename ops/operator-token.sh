#!/usr/bin/env bash
# Prints an access token for a deployed Agora stack, from a terminal, through the operators' app client
# (USER_PASSWORD_AUTH; answers the TOTP challenge when the user has enrolled MFA):
#   export TOKEN="$(ops/operator-token.sh <email> [stack name, default Agora-prod])"
# Reads the password (and the TOTP code, when asked) from the terminal, never from the command line.
set -euo pipefail
email="${1:?usage: ops/operator-token.sh <email> [stack name]}"
stack="${2:-Agora-prod}"
output() {
  aws cloudformation describe-stacks --stack-name "$stack" --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}
client="$(output OperatorsClientId)"
read -r -s -p "Password for $email: " password </dev/tty
echo >&2
auth="$(aws cognito-idp initiate-auth --client-id "$client" --auth-flow USER_PASSWORD_AUTH \
  --auth-parameters "USERNAME=$email,PASSWORD=$password" --output json)"
challenge="$(printf '%s' "$auth" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).ChallengeName??""))')"
if [ "$challenge" = "SOFTWARE_TOKEN_MFA" ]; then
  session="$(printf '%s' "$auth" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).Session))')"
  read -r -p "TOTP code: " code </dev/tty
  auth="$(aws cognito-idp respond-to-auth-challenge --client-id "$client" --challenge-name SOFTWARE_TOKEN_MFA \
    --session "$session" --challenge-responses "USERNAME=$email,SOFTWARE_TOKEN_MFA_CODE=$code" --output json)"
elif [ -n "$challenge" ]; then
  echo "Cognito asks for $challenge first (e.g. NEW_PASSWORD_REQUIRED: sign in once in the app, or use aws cognito-idp admin-set-user-password)." >&2
  exit 1
fi
printf '%s' "$auth" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).AuthenticationResult.AccessToken))'
