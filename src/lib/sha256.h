/* sha256.h: SHA-256 digests (OpenSSL's libcrypto) */
#ifndef MIPSBAKE_SHA256_H
#define MIPSBAKE_SHA256_H

#include <stddef.h>

/* the SHA-256 of data as 64 lowercase hex digits and a NUL in out */
void sha256_hex(const void *data, size_t len, char out[65]);
/* the same as 44 characters of standard base64 (padded) and a NUL */
void sha256_base64(const void *data, size_t len, char out[45]);

#endif
