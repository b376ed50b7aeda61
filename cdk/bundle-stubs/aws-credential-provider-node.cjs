// Replaces @aws-sdk/credential-provider-node in the Lambda bundles. Its default chain tries, in turn, the
// environment, SSO, INI files, credential processes, web identity and the container and instance metadata
// endpoints, and brings the STS and SSO clients some of them need: about 100 KB of every bundle, loaded and
// source-mapped on every cold start. A Lambda function always has its execution role's credentials in its
// environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN): the chain's first link, the only one
// ever taken there, is what the bundles keep. Tests and local runs are not bundled and keep the whole chain.
const { fromEnv } = require('@aws-sdk/credential-provider-env');
exports.defaultProvider = (init = {}) => fromEnv(init);
