/* sha256.h: SHA-256 digests through OpenSSL's EVP interface */
#ifndef MIPSBAKE_SHA256_H
#define MIPSBAKE_SHA256_H

#include <stddef.h>

/* the SHA-256 of data as 64 lowercase hex digits and a NUL in out */
void sha256_hex(const void *data, size_t len, char out[65]);

#endif
