#ifndef POMCLAW_CLIBCRYPTO_SHIM_H
#define POMCLAW_CLIBCRYPTO_SHIM_H
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/err.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/params.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/rsa.h>

/* Typed wrappers for what Swift cannot import: macros built from expressions or from
 * concatenated string literals. */

/** EVP_PKEY_KEYPAIR: the selection for EVP_PKEY_fromdata with public and private parts. */
static inline int pomclaw_evp_pkey_keypair(void) { return EVP_PKEY_KEYPAIR; }

/** OSSL_PKEY_PARAM_RSA_FACTOR1: the RSA prime p. */
static inline const char *pomclaw_param_rsa_factor1(void) { return OSSL_PKEY_PARAM_RSA_FACTOR1; }

/** OSSL_PKEY_PARAM_RSA_FACTOR2: the RSA prime q. */
static inline const char *pomclaw_param_rsa_factor2(void) { return OSSL_PKEY_PARAM_RSA_FACTOR2; }

/** OSSL_PKEY_PARAM_RSA_COEFFICIENT1: the CRT coefficient q^-1 mod p (OpenSSH's iqmp). */
static inline const char *pomclaw_param_rsa_coefficient1(void) {
    return OSSL_PKEY_PARAM_RSA_COEFFICIENT1;
}

/* OSSL_PARAM_BLD keeps pointers to parameter names inside the OSSL_PARAM array it builds, so
 * names must have static storage (a Swift String bridged for one call does not). */

/** OSSL_PKEY_PARAM_GROUP_NAME with static storage. */
static inline const char *pomclaw_param_group_name(void) { return OSSL_PKEY_PARAM_GROUP_NAME; }

/** OSSL_PKEY_PARAM_PUB_KEY with static storage. */
static inline const char *pomclaw_param_pub_key(void) { return OSSL_PKEY_PARAM_PUB_KEY; }

/** OSSL_PKEY_PARAM_PRIV_KEY with static storage. */
static inline const char *pomclaw_param_priv_key(void) { return OSSL_PKEY_PARAM_PRIV_KEY; }

#endif
