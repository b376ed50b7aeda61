/**
 * Signing in: the public user pool (anyone may register; MFA optional) with its app client, the
 * secretariat's staff pool (MFA required, cdk/staff.ts) and the operators' CLI client. Created in the
 * stack's scope, with the construct ids the stack was first deployed with.
 */
import { Duration, RemovalPolicy, type Stack } from 'aws-cdk-lib';
import { AccountRecovery, Mfa, OAuthScope, UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IConstruct } from 'constructs';
import type { NagAcknowledgement } from './nag';
import { AgoraStaffSignIn, STAFF_ACCESS_TOKEN_MINUTES } from './staff';

export function signIn(stack: Stack, acknowledge: (scope: IConstruct, ...acknowledgements: NagAcknowledgement[]) => void) {
  const userPool = new UserPool(stack, 'UserPool', {
    selfSignUpEnabled: true,
    signInAliases: { email: true },
    autoVerify: { email: true },
    accountRecovery: AccountRecovery.EMAIL_ONLY,
    mfa: Mfa.OPTIONAL,
    mfaSecondFactor: { otp: true, sms: false },
    passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
    removalPolicy: RemovalPolicy.RETAIN,
  });
  acknowledge(
    userPool,
    {
      id: 'AwsSolutions-COG2',
      reason:
        'Anyone may take part in a public consultation: MFA is optional (TOTP) so that it is no barrier to participation. The secretariat signs in through the staff pool (cdk/staff.ts), where MFA is required; this pool grants no role by group.',
    },
    {
      id: 'AwsSolutions-COG8',
      reason:
        'The Plus feature plan (adaptive authentication, compromised-credential checks) is a per-user cost the operator decides on; the API throttles and the function verifies every token.',
    },
  );
  // OAuth (hosted UI) only for the callback URLs the operator lists (-c callbackUrls=https://app.example.org/cb,…),
  // authorization code grant only: no implicit flow, no placeholder URL. Without them, apps sign in with SRP.
  const callbackUrls = String(stack.node.tryGetContext('callbackUrls') ?? '')
    .split(',')
    .filter(Boolean);
  const userPoolClient = new UserPoolClient(stack, 'AppClient', {
    userPool,
    authFlows: { userSrp: true },
    preventUserExistenceErrors: true,
    accessTokenValidity: Duration.hours(1),
    ...(callbackUrls.length
      ? { oAuth: { flows: { authorizationCodeGrant: true }, scopes: [OAuthScope.OPENID, OAuthScope.EMAIL], callbackUrls } }
      : { disableOAuth: true }),
  });
  // The secretariat: a pool of its own with MFA required (cdk/staff.ts).
  const staff = new AgoraStaffSignIn(stack, 'Staff');
  acknowledge(staff.userPool, {
    id: 'AwsSolutions-COG8',
    reason:
      'The Plus feature plan (adaptive authentication, compromised-credential checks) is a per-user cost the operator decides on; staff sign in with MFA required.',
  });
  // For operators' terminals (smoke tests, scripts): a staff-pool client without a secret whose password flow a
  // CLI can use (`aws cognito-idp initiate-auth --auth-flow USER_PASSWORD_AUTH`, then the TOTP challenge: the
  // staff pool requires MFA). Its tokens are verified like the staff app's (COGNITO_STAFF_CLIENT_ID lists both).
  const operatorsClient = new UserPoolClient(stack, 'OperatorsClient', {
    userPool: staff.userPool,
    userPoolClientName: 'agora-operators-cli',
    authFlows: { userPassword: true },
    generateSecret: false,
    disableOAuth: true,
    preventUserExistenceErrors: true,
    enableTokenRevocation: true,
    accessTokenValidity: Duration.minutes(STAFF_ACCESS_TOKEN_MINUTES),
    idTokenValidity: Duration.minutes(STAFF_ACCESS_TOKEN_MINUTES),
    refreshTokenValidity: Duration.hours(12),
  });
  return { userPool, userPoolClient, staff, operatorsClient };
}
