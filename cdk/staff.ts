/**
 * Staff sign-in: a user pool of its own for the secretariat, with MFA
 * required (TOTP), no self sign-up (an administrator invites each member),
 * and an app client whose access tokens live 5 minutes (Cognito's
 * minimum). The function grants the secretariat role only from this pool's
 * `secretariat` group (functions/core/auth/token-verifier.ts), so the role
 * always comes with MFA; removing someone from the group, and signing them
 * out globally (which revokes their refresh tokens), takes effect within
 * those 5 minutes.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccountRecovery, CfnUserPoolGroup, Mfa, UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { SECRETARIAT_GROUP } from '../functions/core/auth/caller';

/** How long a staff access token (and so a removed member's access) lasts. */
export const STAFF_ACCESS_TOKEN_MINUTES = 5;

export class AgoraStaffSignIn extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: { minLength: 14, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.client = new UserPoolClient(this, 'AppClient', {
      userPool: this.userPool,
      authFlows: { userSrp: true },
      // No hosted-UI OAuth flows (so no implicit grant, no callback URL): staff apps sign in with SRP.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.minutes(STAFF_ACCESS_TOKEN_MINUTES),
      idTokenValidity: Duration.minutes(STAFF_ACCESS_TOKEN_MINUTES),
      refreshTokenValidity: Duration.hours(12),
    });
    new CfnUserPoolGroup(this, 'SecretariatGroup', {
      userPoolId: this.userPool.userPoolId,
      groupName: SECRETARIAT_GROUP,
      description: 'Agora secretariat: runs consultations and reporting cycles, verifies stakeholders',
    });
  }
}
