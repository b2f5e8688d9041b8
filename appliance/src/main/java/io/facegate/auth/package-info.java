/**
 * SigV4 request verification and the credentials file it reads its access keys from.
 */
package io.facegate.auth;
