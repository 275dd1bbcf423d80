/* sha256.c: SHA-256 digests with OpenSSL's libcrypto */
/*
 * The low-level SHA256_Init/Update/Final, deprecated in OpenSSL 3 but kept: the EVP interface
 * first initializes the library's providers and reads openssl.cnf, 1.4 ms of every process,
 * and a build runs mipsbake two or three times per action (act get, act put). Both use the
 * same SHA-NI code.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/evp.h>
#include <openssl/sha.h>

#include "lib/sha256.h"
#include "lib/util.h"
#include "lib/banned.h"

/* the 32 bytes of the SHA-256 of data into md */
static void digest(const void *data, size_t len, unsigned char md[EVP_MAX_MD_SIZE])
{
	SHA256_CTX c;

	if (!SHA256_Init(&c) || !SHA256_Update(&c, data, len) || !SHA256_Final(md, &c))
		die("OpenSSL could not compute a SHA-256 digest");
}

void sha256_base64(const void *data, size_t len, char out[45])
{
	unsigned char md[EVP_MAX_MD_SIZE];

	digest(data, len, md);
	EVP_EncodeBlock((unsigned char *)out, md, 32);
}

void sha256_hex(const void *data, size_t len, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 32;

	digest(data, len, md);
	for (unsigned int i = 0; i < n; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}
