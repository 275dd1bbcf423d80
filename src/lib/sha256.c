/* sha256.c: SHA-256 digests through OpenSSL's EVP interface */
#include <openssl/evp.h>

#include "lib/sha256.h"
#include "lib/util.h"
#include "lib/banned.h"

/* the 32 bytes of the SHA-256 of data into md */
static void digest(const void *data, size_t len, unsigned char md[EVP_MAX_MD_SIZE])
{
	unsigned int n = 0;

	if (!EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) || n != 32)
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
