/* banned.h: string calls that overflow or surprise; use struct buf instead */
#ifndef MIPSBAKE_BANNED_H
#define MIPSBAKE_BANNED_H

#undef strcpy
#define strcpy sorry_strcpy_is_banned_use_struct_buf
#undef strcat
#define strcat sorry_strcat_is_banned_use_struct_buf
#undef sprintf
#define sprintf sorry_sprintf_is_banned_use_struct_buf
#undef vsprintf
#define vsprintf sorry_vsprintf_is_banned_use_struct_buf
#undef strtok
#define strtok sorry_strtok_is_banned_use_struct_buf
#undef gets
#define gets sorry_gets_is_banned_use_struct_buf

#endif
