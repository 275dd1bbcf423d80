/* gotest.c: read the top-level declarations of Go test files and find the functions 'go
 * test' registers (Go 1.19's cmd/go load/test.go, with go/doc's example rules) */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/os.h"
#include "scan/gotest.h"
#include "lib/gostring.h"
#include "lib/banned.h"

/* the code points above U+007F that unicode.IsLower holds for (Go 1.19, Unicode 13),
 * generated with a loop over unicode.IsLower */
static const uint32_t lower_ranges[][2] = {
	{ 0xb5, 0xb5 }, { 0xdf, 0xf6 }, { 0xf8, 0xff }, { 0x101, 0x101 },
	{ 0x103, 0x103 }, { 0x105, 0x105 }, { 0x107, 0x107 }, { 0x109, 0x109 },
	{ 0x10b, 0x10b }, { 0x10d, 0x10d }, { 0x10f, 0x10f }, { 0x111, 0x111 },
	{ 0x113, 0x113 }, { 0x115, 0x115 }, { 0x117, 0x117 }, { 0x119, 0x119 },
	{ 0x11b, 0x11b }, { 0x11d, 0x11d }, { 0x11f, 0x11f }, { 0x121, 0x121 },
	{ 0x123, 0x123 }, { 0x125, 0x125 }, { 0x127, 0x127 }, { 0x129, 0x129 },
	{ 0x12b, 0x12b }, { 0x12d, 0x12d }, { 0x12f, 0x12f }, { 0x131, 0x131 },
	{ 0x133, 0x133 }, { 0x135, 0x135 }, { 0x137, 0x138 }, { 0x13a, 0x13a },
	{ 0x13c, 0x13c }, { 0x13e, 0x13e }, { 0x140, 0x140 }, { 0x142, 0x142 },
	{ 0x144, 0x144 }, { 0x146, 0x146 }, { 0x148, 0x149 }, { 0x14b, 0x14b },
	{ 0x14d, 0x14d }, { 0x14f, 0x14f }, { 0x151, 0x151 }, { 0x153, 0x153 },
	{ 0x155, 0x155 }, { 0x157, 0x157 }, { 0x159, 0x159 }, { 0x15b, 0x15b },
	{ 0x15d, 0x15d }, { 0x15f, 0x15f }, { 0x161, 0x161 }, { 0x163, 0x163 },
	{ 0x165, 0x165 }, { 0x167, 0x167 }, { 0x169, 0x169 }, { 0x16b, 0x16b },
	{ 0x16d, 0x16d }, { 0x16f, 0x16f }, { 0x171, 0x171 }, { 0x173, 0x173 },
	{ 0x175, 0x175 }, { 0x177, 0x177 }, { 0x17a, 0x17a }, { 0x17c, 0x17c },
	{ 0x17e, 0x180 }, { 0x183, 0x183 }, { 0x185, 0x185 }, { 0x188, 0x188 },
	{ 0x18c, 0x18d }, { 0x192, 0x192 }, { 0x195, 0x195 }, { 0x199, 0x19b },
	{ 0x19e, 0x19e }, { 0x1a1, 0x1a1 }, { 0x1a3, 0x1a3 }, { 0x1a5, 0x1a5 },
	{ 0x1a8, 0x1a8 }, { 0x1aa, 0x1ab }, { 0x1ad, 0x1ad }, { 0x1b0, 0x1b0 },
	{ 0x1b4, 0x1b4 }, { 0x1b6, 0x1b6 }, { 0x1b9, 0x1ba }, { 0x1bd, 0x1bf },
	{ 0x1c6, 0x1c6 }, { 0x1c9, 0x1c9 }, { 0x1cc, 0x1cc }, { 0x1ce, 0x1ce },
	{ 0x1d0, 0x1d0 }, { 0x1d2, 0x1d2 }, { 0x1d4, 0x1d4 }, { 0x1d6, 0x1d6 },
	{ 0x1d8, 0x1d8 }, { 0x1da, 0x1da }, { 0x1dc, 0x1dd }, { 0x1df, 0x1df },
	{ 0x1e1, 0x1e1 }, { 0x1e3, 0x1e3 }, { 0x1e5, 0x1e5 }, { 0x1e7, 0x1e7 },
	{ 0x1e9, 0x1e9 }, { 0x1eb, 0x1eb }, { 0x1ed, 0x1ed }, { 0x1ef, 0x1f0 },
	{ 0x1f3, 0x1f3 }, { 0x1f5, 0x1f5 }, { 0x1f9, 0x1f9 }, { 0x1fb, 0x1fb },
	{ 0x1fd, 0x1fd }, { 0x1ff, 0x1ff }, { 0x201, 0x201 }, { 0x203, 0x203 },
	{ 0x205, 0x205 }, { 0x207, 0x207 }, { 0x209, 0x209 }, { 0x20b, 0x20b },
	{ 0x20d, 0x20d }, { 0x20f, 0x20f }, { 0x211, 0x211 }, { 0x213, 0x213 },
	{ 0x215, 0x215 }, { 0x217, 0x217 }, { 0x219, 0x219 }, { 0x21b, 0x21b },
	{ 0x21d, 0x21d }, { 0x21f, 0x21f }, { 0x221, 0x221 }, { 0x223, 0x223 },
	{ 0x225, 0x225 }, { 0x227, 0x227 }, { 0x229, 0x229 }, { 0x22b, 0x22b },
	{ 0x22d, 0x22d }, { 0x22f, 0x22f }, { 0x231, 0x231 }, { 0x233, 0x239 },
	{ 0x23c, 0x23c }, { 0x23f, 0x240 }, { 0x242, 0x242 }, { 0x247, 0x247 },
	{ 0x249, 0x249 }, { 0x24b, 0x24b }, { 0x24d, 0x24d }, { 0x24f, 0x293 },
	{ 0x295, 0x2af }, { 0x371, 0x371 }, { 0x373, 0x373 }, { 0x377, 0x377 },
	{ 0x37b, 0x37d }, { 0x390, 0x390 }, { 0x3ac, 0x3ce }, { 0x3d0, 0x3d1 },
	{ 0x3d5, 0x3d7 }, { 0x3d9, 0x3d9 }, { 0x3db, 0x3db }, { 0x3dd, 0x3dd },
	{ 0x3df, 0x3df }, { 0x3e1, 0x3e1 }, { 0x3e3, 0x3e3 }, { 0x3e5, 0x3e5 },
	{ 0x3e7, 0x3e7 }, { 0x3e9, 0x3e9 }, { 0x3eb, 0x3eb }, { 0x3ed, 0x3ed },
	{ 0x3ef, 0x3f3 }, { 0x3f5, 0x3f5 }, { 0x3f8, 0x3f8 }, { 0x3fb, 0x3fc },
	{ 0x430, 0x45f }, { 0x461, 0x461 }, { 0x463, 0x463 }, { 0x465, 0x465 },
	{ 0x467, 0x467 }, { 0x469, 0x469 }, { 0x46b, 0x46b }, { 0x46d, 0x46d },
	{ 0x46f, 0x46f }, { 0x471, 0x471 }, { 0x473, 0x473 }, { 0x475, 0x475 },
	{ 0x477, 0x477 }, { 0x479, 0x479 }, { 0x47b, 0x47b }, { 0x47d, 0x47d },
	{ 0x47f, 0x47f }, { 0x481, 0x481 }, { 0x48b, 0x48b }, { 0x48d, 0x48d },
	{ 0x48f, 0x48f }, { 0x491, 0x491 }, { 0x493, 0x493 }, { 0x495, 0x495 },
	{ 0x497, 0x497 }, { 0x499, 0x499 }, { 0x49b, 0x49b }, { 0x49d, 0x49d },
	{ 0x49f, 0x49f }, { 0x4a1, 0x4a1 }, { 0x4a3, 0x4a3 }, { 0x4a5, 0x4a5 },
	{ 0x4a7, 0x4a7 }, { 0x4a9, 0x4a9 }, { 0x4ab, 0x4ab }, { 0x4ad, 0x4ad },
	{ 0x4af, 0x4af }, { 0x4b1, 0x4b1 }, { 0x4b3, 0x4b3 }, { 0x4b5, 0x4b5 },
	{ 0x4b7, 0x4b7 }, { 0x4b9, 0x4b9 }, { 0x4bb, 0x4bb }, { 0x4bd, 0x4bd },
	{ 0x4bf, 0x4bf }, { 0x4c2, 0x4c2 }, { 0x4c4, 0x4c4 }, { 0x4c6, 0x4c6 },
	{ 0x4c8, 0x4c8 }, { 0x4ca, 0x4ca }, { 0x4cc, 0x4cc }, { 0x4ce, 0x4cf },
	{ 0x4d1, 0x4d1 }, { 0x4d3, 0x4d3 }, { 0x4d5, 0x4d5 }, { 0x4d7, 0x4d7 },
	{ 0x4d9, 0x4d9 }, { 0x4db, 0x4db }, { 0x4dd, 0x4dd }, { 0x4df, 0x4df },
	{ 0x4e1, 0x4e1 }, { 0x4e3, 0x4e3 }, { 0x4e5, 0x4e5 }, { 0x4e7, 0x4e7 },
	{ 0x4e9, 0x4e9 }, { 0x4eb, 0x4eb }, { 0x4ed, 0x4ed }, { 0x4ef, 0x4ef },
	{ 0x4f1, 0x4f1 }, { 0x4f3, 0x4f3 }, { 0x4f5, 0x4f5 }, { 0x4f7, 0x4f7 },
	{ 0x4f9, 0x4f9 }, { 0x4fb, 0x4fb }, { 0x4fd, 0x4fd }, { 0x4ff, 0x4ff },
	{ 0x501, 0x501 }, { 0x503, 0x503 }, { 0x505, 0x505 }, { 0x507, 0x507 },
	{ 0x509, 0x509 }, { 0x50b, 0x50b }, { 0x50d, 0x50d }, { 0x50f, 0x50f },
	{ 0x511, 0x511 }, { 0x513, 0x513 }, { 0x515, 0x515 }, { 0x517, 0x517 },
	{ 0x519, 0x519 }, { 0x51b, 0x51b }, { 0x51d, 0x51d }, { 0x51f, 0x51f },
	{ 0x521, 0x521 }, { 0x523, 0x523 }, { 0x525, 0x525 }, { 0x527, 0x527 },
	{ 0x529, 0x529 }, { 0x52b, 0x52b }, { 0x52d, 0x52d }, { 0x52f, 0x52f },
	{ 0x560, 0x588 }, { 0x10d0, 0x10fa }, { 0x10fd, 0x10ff }, { 0x13f8, 0x13fd },
	{ 0x1c80, 0x1c88 }, { 0x1d00, 0x1d2b }, { 0x1d6b, 0x1d77 }, { 0x1d79, 0x1d9a },
	{ 0x1e01, 0x1e01 }, { 0x1e03, 0x1e03 }, { 0x1e05, 0x1e05 }, { 0x1e07, 0x1e07 },
	{ 0x1e09, 0x1e09 }, { 0x1e0b, 0x1e0b }, { 0x1e0d, 0x1e0d }, { 0x1e0f, 0x1e0f },
	{ 0x1e11, 0x1e11 }, { 0x1e13, 0x1e13 }, { 0x1e15, 0x1e15 }, { 0x1e17, 0x1e17 },
	{ 0x1e19, 0x1e19 }, { 0x1e1b, 0x1e1b }, { 0x1e1d, 0x1e1d }, { 0x1e1f, 0x1e1f },
	{ 0x1e21, 0x1e21 }, { 0x1e23, 0x1e23 }, { 0x1e25, 0x1e25 }, { 0x1e27, 0x1e27 },
	{ 0x1e29, 0x1e29 }, { 0x1e2b, 0x1e2b }, { 0x1e2d, 0x1e2d }, { 0x1e2f, 0x1e2f },
	{ 0x1e31, 0x1e31 }, { 0x1e33, 0x1e33 }, { 0x1e35, 0x1e35 }, { 0x1e37, 0x1e37 },
	{ 0x1e39, 0x1e39 }, { 0x1e3b, 0x1e3b }, { 0x1e3d, 0x1e3d }, { 0x1e3f, 0x1e3f },
	{ 0x1e41, 0x1e41 }, { 0x1e43, 0x1e43 }, { 0x1e45, 0x1e45 }, { 0x1e47, 0x1e47 },
	{ 0x1e49, 0x1e49 }, { 0x1e4b, 0x1e4b }, { 0x1e4d, 0x1e4d }, { 0x1e4f, 0x1e4f },
	{ 0x1e51, 0x1e51 }, { 0x1e53, 0x1e53 }, { 0x1e55, 0x1e55 }, { 0x1e57, 0x1e57 },
	{ 0x1e59, 0x1e59 }, { 0x1e5b, 0x1e5b }, { 0x1e5d, 0x1e5d }, { 0x1e5f, 0x1e5f },
	{ 0x1e61, 0x1e61 }, { 0x1e63, 0x1e63 }, { 0x1e65, 0x1e65 }, { 0x1e67, 0x1e67 },
	{ 0x1e69, 0x1e69 }, { 0x1e6b, 0x1e6b }, { 0x1e6d, 0x1e6d }, { 0x1e6f, 0x1e6f },
	{ 0x1e71, 0x1e71 }, { 0x1e73, 0x1e73 }, { 0x1e75, 0x1e75 }, { 0x1e77, 0x1e77 },
	{ 0x1e79, 0x1e79 }, { 0x1e7b, 0x1e7b }, { 0x1e7d, 0x1e7d }, { 0x1e7f, 0x1e7f },
	{ 0x1e81, 0x1e81 }, { 0x1e83, 0x1e83 }, { 0x1e85, 0x1e85 }, { 0x1e87, 0x1e87 },
	{ 0x1e89, 0x1e89 }, { 0x1e8b, 0x1e8b }, { 0x1e8d, 0x1e8d }, { 0x1e8f, 0x1e8f },
	{ 0x1e91, 0x1e91 }, { 0x1e93, 0x1e93 }, { 0x1e95, 0x1e9d }, { 0x1e9f, 0x1e9f },
	{ 0x1ea1, 0x1ea1 }, { 0x1ea3, 0x1ea3 }, { 0x1ea5, 0x1ea5 }, { 0x1ea7, 0x1ea7 },
	{ 0x1ea9, 0x1ea9 }, { 0x1eab, 0x1eab }, { 0x1ead, 0x1ead }, { 0x1eaf, 0x1eaf },
	{ 0x1eb1, 0x1eb1 }, { 0x1eb3, 0x1eb3 }, { 0x1eb5, 0x1eb5 }, { 0x1eb7, 0x1eb7 },
	{ 0x1eb9, 0x1eb9 }, { 0x1ebb, 0x1ebb }, { 0x1ebd, 0x1ebd }, { 0x1ebf, 0x1ebf },
	{ 0x1ec1, 0x1ec1 }, { 0x1ec3, 0x1ec3 }, { 0x1ec5, 0x1ec5 }, { 0x1ec7, 0x1ec7 },
	{ 0x1ec9, 0x1ec9 }, { 0x1ecb, 0x1ecb }, { 0x1ecd, 0x1ecd }, { 0x1ecf, 0x1ecf },
	{ 0x1ed1, 0x1ed1 }, { 0x1ed3, 0x1ed3 }, { 0x1ed5, 0x1ed5 }, { 0x1ed7, 0x1ed7 },
	{ 0x1ed9, 0x1ed9 }, { 0x1edb, 0x1edb }, { 0x1edd, 0x1edd }, { 0x1edf, 0x1edf },
	{ 0x1ee1, 0x1ee1 }, { 0x1ee3, 0x1ee3 }, { 0x1ee5, 0x1ee5 }, { 0x1ee7, 0x1ee7 },
	{ 0x1ee9, 0x1ee9 }, { 0x1eeb, 0x1eeb }, { 0x1eed, 0x1eed }, { 0x1eef, 0x1eef },
	{ 0x1ef1, 0x1ef1 }, { 0x1ef3, 0x1ef3 }, { 0x1ef5, 0x1ef5 }, { 0x1ef7, 0x1ef7 },
	{ 0x1ef9, 0x1ef9 }, { 0x1efb, 0x1efb }, { 0x1efd, 0x1efd }, { 0x1eff, 0x1f07 },
	{ 0x1f10, 0x1f15 }, { 0x1f20, 0x1f27 }, { 0x1f30, 0x1f37 }, { 0x1f40, 0x1f45 },
	{ 0x1f50, 0x1f57 }, { 0x1f60, 0x1f67 }, { 0x1f70, 0x1f7d }, { 0x1f80, 0x1f87 },
	{ 0x1f90, 0x1f97 }, { 0x1fa0, 0x1fa7 }, { 0x1fb0, 0x1fb4 }, { 0x1fb6, 0x1fb7 },
	{ 0x1fbe, 0x1fbe }, { 0x1fc2, 0x1fc4 }, { 0x1fc6, 0x1fc7 }, { 0x1fd0, 0x1fd3 },
	{ 0x1fd6, 0x1fd7 }, { 0x1fe0, 0x1fe7 }, { 0x1ff2, 0x1ff4 }, { 0x1ff6, 0x1ff7 },
	{ 0x210a, 0x210a }, { 0x210e, 0x210f }, { 0x2113, 0x2113 }, { 0x212f, 0x212f },
	{ 0x2134, 0x2134 }, { 0x2139, 0x2139 }, { 0x213c, 0x213d }, { 0x2146, 0x2149 },
	{ 0x214e, 0x214e }, { 0x2184, 0x2184 }, { 0x2c30, 0x2c5e }, { 0x2c61, 0x2c61 },
	{ 0x2c65, 0x2c66 }, { 0x2c68, 0x2c68 }, { 0x2c6a, 0x2c6a }, { 0x2c6c, 0x2c6c },
	{ 0x2c71, 0x2c71 }, { 0x2c73, 0x2c74 }, { 0x2c76, 0x2c7b }, { 0x2c81, 0x2c81 },
	{ 0x2c83, 0x2c83 }, { 0x2c85, 0x2c85 }, { 0x2c87, 0x2c87 }, { 0x2c89, 0x2c89 },
	{ 0x2c8b, 0x2c8b }, { 0x2c8d, 0x2c8d }, { 0x2c8f, 0x2c8f }, { 0x2c91, 0x2c91 },
	{ 0x2c93, 0x2c93 }, { 0x2c95, 0x2c95 }, { 0x2c97, 0x2c97 }, { 0x2c99, 0x2c99 },
	{ 0x2c9b, 0x2c9b }, { 0x2c9d, 0x2c9d }, { 0x2c9f, 0x2c9f }, { 0x2ca1, 0x2ca1 },
	{ 0x2ca3, 0x2ca3 }, { 0x2ca5, 0x2ca5 }, { 0x2ca7, 0x2ca7 }, { 0x2ca9, 0x2ca9 },
	{ 0x2cab, 0x2cab }, { 0x2cad, 0x2cad }, { 0x2caf, 0x2caf }, { 0x2cb1, 0x2cb1 },
	{ 0x2cb3, 0x2cb3 }, { 0x2cb5, 0x2cb5 }, { 0x2cb7, 0x2cb7 }, { 0x2cb9, 0x2cb9 },
	{ 0x2cbb, 0x2cbb }, { 0x2cbd, 0x2cbd }, { 0x2cbf, 0x2cbf }, { 0x2cc1, 0x2cc1 },
	{ 0x2cc3, 0x2cc3 }, { 0x2cc5, 0x2cc5 }, { 0x2cc7, 0x2cc7 }, { 0x2cc9, 0x2cc9 },
	{ 0x2ccb, 0x2ccb }, { 0x2ccd, 0x2ccd }, { 0x2ccf, 0x2ccf }, { 0x2cd1, 0x2cd1 },
	{ 0x2cd3, 0x2cd3 }, { 0x2cd5, 0x2cd5 }, { 0x2cd7, 0x2cd7 }, { 0x2cd9, 0x2cd9 },
	{ 0x2cdb, 0x2cdb }, { 0x2cdd, 0x2cdd }, { 0x2cdf, 0x2cdf }, { 0x2ce1, 0x2ce1 },
	{ 0x2ce3, 0x2ce4 }, { 0x2cec, 0x2cec }, { 0x2cee, 0x2cee }, { 0x2cf3, 0x2cf3 },
	{ 0x2d00, 0x2d25 }, { 0x2d27, 0x2d27 }, { 0x2d2d, 0x2d2d }, { 0xa641, 0xa641 },
	{ 0xa643, 0xa643 }, { 0xa645, 0xa645 }, { 0xa647, 0xa647 }, { 0xa649, 0xa649 },
	{ 0xa64b, 0xa64b }, { 0xa64d, 0xa64d }, { 0xa64f, 0xa64f }, { 0xa651, 0xa651 },
	{ 0xa653, 0xa653 }, { 0xa655, 0xa655 }, { 0xa657, 0xa657 }, { 0xa659, 0xa659 },
	{ 0xa65b, 0xa65b }, { 0xa65d, 0xa65d }, { 0xa65f, 0xa65f }, { 0xa661, 0xa661 },
	{ 0xa663, 0xa663 }, { 0xa665, 0xa665 }, { 0xa667, 0xa667 }, { 0xa669, 0xa669 },
	{ 0xa66b, 0xa66b }, { 0xa66d, 0xa66d }, { 0xa681, 0xa681 }, { 0xa683, 0xa683 },
	{ 0xa685, 0xa685 }, { 0xa687, 0xa687 }, { 0xa689, 0xa689 }, { 0xa68b, 0xa68b },
	{ 0xa68d, 0xa68d }, { 0xa68f, 0xa68f }, { 0xa691, 0xa691 }, { 0xa693, 0xa693 },
	{ 0xa695, 0xa695 }, { 0xa697, 0xa697 }, { 0xa699, 0xa699 }, { 0xa69b, 0xa69b },
	{ 0xa723, 0xa723 }, { 0xa725, 0xa725 }, { 0xa727, 0xa727 }, { 0xa729, 0xa729 },
	{ 0xa72b, 0xa72b }, { 0xa72d, 0xa72d }, { 0xa72f, 0xa731 }, { 0xa733, 0xa733 },
	{ 0xa735, 0xa735 }, { 0xa737, 0xa737 }, { 0xa739, 0xa739 }, { 0xa73b, 0xa73b },
	{ 0xa73d, 0xa73d }, { 0xa73f, 0xa73f }, { 0xa741, 0xa741 }, { 0xa743, 0xa743 },
	{ 0xa745, 0xa745 }, { 0xa747, 0xa747 }, { 0xa749, 0xa749 }, { 0xa74b, 0xa74b },
	{ 0xa74d, 0xa74d }, { 0xa74f, 0xa74f }, { 0xa751, 0xa751 }, { 0xa753, 0xa753 },
	{ 0xa755, 0xa755 }, { 0xa757, 0xa757 }, { 0xa759, 0xa759 }, { 0xa75b, 0xa75b },
	{ 0xa75d, 0xa75d }, { 0xa75f, 0xa75f }, { 0xa761, 0xa761 }, { 0xa763, 0xa763 },
	{ 0xa765, 0xa765 }, { 0xa767, 0xa767 }, { 0xa769, 0xa769 }, { 0xa76b, 0xa76b },
	{ 0xa76d, 0xa76d }, { 0xa76f, 0xa76f }, { 0xa771, 0xa778 }, { 0xa77a, 0xa77a },
	{ 0xa77c, 0xa77c }, { 0xa77f, 0xa77f }, { 0xa781, 0xa781 }, { 0xa783, 0xa783 },
	{ 0xa785, 0xa785 }, { 0xa787, 0xa787 }, { 0xa78c, 0xa78c }, { 0xa78e, 0xa78e },
	{ 0xa791, 0xa791 }, { 0xa793, 0xa795 }, { 0xa797, 0xa797 }, { 0xa799, 0xa799 },
	{ 0xa79b, 0xa79b }, { 0xa79d, 0xa79d }, { 0xa79f, 0xa79f }, { 0xa7a1, 0xa7a1 },
	{ 0xa7a3, 0xa7a3 }, { 0xa7a5, 0xa7a5 }, { 0xa7a7, 0xa7a7 }, { 0xa7a9, 0xa7a9 },
	{ 0xa7af, 0xa7af }, { 0xa7b5, 0xa7b5 }, { 0xa7b7, 0xa7b7 }, { 0xa7b9, 0xa7b9 },
	{ 0xa7bb, 0xa7bb }, { 0xa7bd, 0xa7bd }, { 0xa7bf, 0xa7bf }, { 0xa7c3, 0xa7c3 },
	{ 0xa7c8, 0xa7c8 }, { 0xa7ca, 0xa7ca }, { 0xa7f6, 0xa7f6 }, { 0xa7fa, 0xa7fa },
	{ 0xab30, 0xab5a }, { 0xab60, 0xab68 }, { 0xab70, 0xabbf }, { 0xfb00, 0xfb06 },
	{ 0xfb13, 0xfb17 }, { 0xff41, 0xff5a }, { 0x10428, 0x1044f }, { 0x104d8, 0x104fb },
	{ 0x10cc0, 0x10cf2 }, { 0x118c0, 0x118df }, { 0x16e60, 0x16e7f }, { 0x1d41a, 0x1d433 },
	{ 0x1d44e, 0x1d454 }, { 0x1d456, 0x1d467 }, { 0x1d482, 0x1d49b }, { 0x1d4b6, 0x1d4b9 },
	{ 0x1d4bb, 0x1d4bb }, { 0x1d4bd, 0x1d4c3 }, { 0x1d4c5, 0x1d4cf }, { 0x1d4ea, 0x1d503 },
	{ 0x1d51e, 0x1d537 }, { 0x1d552, 0x1d56b }, { 0x1d586, 0x1d59f }, { 0x1d5ba, 0x1d5d3 },
	{ 0x1d5ee, 0x1d607 }, { 0x1d622, 0x1d63b }, { 0x1d656, 0x1d66f }, { 0x1d68a, 0x1d6a5 },
	{ 0x1d6c2, 0x1d6da }, { 0x1d6dc, 0x1d6e1 }, { 0x1d6fc, 0x1d714 }, { 0x1d716, 0x1d71b },
	{ 0x1d736, 0x1d74e }, { 0x1d750, 0x1d755 }, { 0x1d770, 0x1d788 }, { 0x1d78a, 0x1d78f },
	{ 0x1d7aa, 0x1d7c2 }, { 0x1d7c4, 0x1d7c9 }, { 0x1d7cb, 0x1d7cb }, { 0x1e922, 0x1e943 },
};

/* unicode.IsLower */
static int rune_is_lower(long r)
{
	size_t lo = 0, hi = ARRAY_LEN(lower_ranges);

	if (r < 0x80)
		return r >= 'a' && r <= 'z';
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if ((uint32_t)r < lower_ranges[mid][0])
			hi = mid;
		else if ((uint32_t)r > lower_ranges[mid][1])
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

/* utf8.DecodeRuneInString of s[0..n), n > 0: an invalid sequence is U+FFFD */
static long decode_rune(const char *s, size_t n)
{
	size_t len;
	long r = utf8_rune(s, n, &len);

	return r < 0 ? 0xfffd : r;
}

/* cmd/go's (and go/doc's) isTest: name is prefix, or prefix and then no lower-case letter */
static int is_test_name(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(name, prefix, n) != 0)
		return 0;
	if (name[n] == '\0')
		return 1;
	return !rune_is_lower(decode_rune(name + n, strlen(name + n)));
}

/* ---- the tokenizer: go/scanner's tokens, as far as declarations need them ---- */

enum tok_kind { K_IDENT, K_LIT, K_OP, K_SEMI, K_EOF };

struct tok {
	enum tok_kind kind;
	size_t off, len;
	int line, col;
	size_t match;            /* brackets: the index of the other one */
};

/* a comment, and the comment group go/parser puts it in */
struct comment {
	size_t off, len;
	int group;
};

struct reader {
	const char *path;
	const char *s;
	size_t n, off, line_start;
	int line;
	struct tok *toks;
	size_t ntoks, cap_toks;
	struct comment *cms;
	size_t ncms, cap_cms;
	int insert_semi;         /* a newline here ends a statement (go/scanner's insertSemi) */
	/* comment groups, as go/parser's next() and consumeCommentGroup form them */
	int after_comment;       /* the last thing read was a comment */
	int prev_line;           /* the line of the last token before the comments */
	int group_end, group_n, ngroups;
};

static struct pos rd_pos(const struct reader *r, size_t off, int line, size_t line_start)
{
	struct pos p = { r->path, line, (int)(off - line_start) + 1 };

	return p;
}

static void add_tok(struct reader *r, enum tok_kind kind, size_t off, size_t len, int line,
		    size_t line_start)
{
	struct tok *t;

	xgrow(&r->toks, &r->cap_toks, r->ntoks + 1, sizeof(*r->toks));
	t = &r->toks[r->ntoks++];
	t->kind = kind;
	t->off = off;
	t->len = len;
	t->line = line;
	t->col = (int)(off - line_start) + 1;
	t->match = 0;
	r->after_comment = 0;
	r->prev_line = line;
}

/* a comment from off to r->off that started on line and ends on r->line */
static void add_comment(struct reader *r, size_t off, int line)
{
	struct comment *c;

	if (!r->after_comment) {
		r->group_n = line == r->prev_line ? 0 : 1;
		r->ngroups++;
	} else if (line > r->group_end + r->group_n) {
		r->group_n = 1;
		r->ngroups++;
	}
	r->group_end = r->line;
	r->after_comment = 1;
	xgrow(&r->cms, &r->cap_cms, r->ncms + 1, sizeof(*r->cms));
	c = &r->cms[r->ncms++];
	c->off = off;
	c->len = r->off - off;
	c->group = r->ngroups - 1;
}

static int at(const struct reader *r, size_t i)
{
	return i < r->n ? (unsigned char)r->s[i] : -1;
}

static void advance(struct reader *r)
{
	if (r->s[r->off] == '\n') {
		r->line++;
		r->line_start = r->off + 1;
	}
	r->off++;
}

/* go/scanner's findLineEnd: from the comment at i, does the line end before the next token? */
static int comment_ends_line(const struct reader *r, size_t i)
{
	while (at(r, i) == '/' && (at(r, i + 1) == '/' || at(r, i + 1) == '*')) {
		if (at(r, i + 1) == '/')
			return 1;
		for (i += 2; i < r->n; i++) {
			if (r->s[i] == '\n')
				return 1;
			if (r->s[i] == '*' && at(r, i + 1) == '/') {
				i += 2;
				break;
			}
		}
		while (at(r, i) == ' ' || at(r, i) == '\t' || at(r, i) == '\r')
			i++;
		if (i >= r->n || r->s[i] == '\n')
			return 1;
	}
	return 0;
}

static int lex_problem(struct reader *r, size_t off, int line, size_t line_start, const char *why)
{
	struct pos p = rd_pos(r, off, line, line_start);

	return error_at(&p, "%s", why);
}

static int lex_comment(struct reader *r)
{
	size_t start = r->off, ls = r->line_start;
	int line = r->line;

	if (r->insert_semi && comment_ends_line(r, r->off)) {
		add_tok(r, K_SEMI, r->off, 0, r->line, r->line_start);
		r->insert_semi = 0;
	}
	if (r->s[r->off + 1] == '/') {
		while (r->off < r->n && r->s[r->off] != '\n')
			r->off++;
	} else {
		r->off += 2;
		for (;;) {
			if (r->off >= r->n)
				return lex_problem(r, start, line, ls, "comment not terminated");
			if (r->s[r->off] == '*' && at(r, r->off + 1) == '/')
				break;
			advance(r);
		}
		r->off += 2;
	}
	add_comment(r, start, line);
	return 0;
}

/* a string or rune literal from its opening quote q */
static int lex_quoted(struct reader *r, int q)
{
	size_t start = r->off, ls = r->line_start;
	int line = r->line;
	const char *what = q == '`' ? "raw string literal not terminated"
			   : q == '"' ? "string literal not terminated" : "rune literal not terminated";

	r->off++;
	for (;;) {
		int c = at(r, r->off);

		if (c < 0 || (c == '\n' && q != '`'))
			return lex_problem(r, start, line, ls, what);
		if (c == q)
			break;
		if (c == '\\' && q != '`' && r->off + 1 < r->n && r->s[r->off + 1] != '\n')
			r->off++;
		advance(r);
	}
	r->off++;
	add_tok(r, K_LIT, start, r->off - start, line, ls);
	r->insert_semi = 1;
	return 0;
}

static int ident_byte(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
	       c >= 0x80;
}

static void lex_number(struct reader *r)
{
	size_t start = r->off;
	int hex = r->s[r->off] == '0' && (at(r, r->off + 1) == 'x' || at(r, r->off + 1) == 'X');

	while (r->off < r->n) {
		int c = (unsigned char)r->s[r->off];
		int prev = r->off > start ? r->s[r->off - 1] : 0;

		if ((c == '+' || c == '-') &&
		    (prev == 'p' || prev == 'P' || (!hex && (prev == 'e' || prev == 'E'))))
			r->off++;
		else if (ident_byte(c) || c == '.')
			r->off++;
		else
			break;
	}
	add_tok(r, K_LIT, start, r->off - start, r->line, r->line_start);
	r->insert_semi = 1;
}

static int is_word(const struct reader *r, const struct tok *t, const char *w)
{
	return t->kind == K_IDENT && t->len == strlen(w) && memcmp(r->s + t->off, w, t->len) == 0;
}

static int is_op(const struct reader *r, const struct tok *t, const char *op)
{
	return t->kind == K_OP && t->len == strlen(op) && memcmp(r->s + t->off, op, t->len) == 0;
}

static void lex_ident(struct reader *r)
{
	static const char *const keywords[] = { "break", "case", "chan", "const", "continue",
		"default", "defer", "else", "fallthrough", "for", "func", "go", "goto", "if",
		"import", "interface", "map", "package", "range", "return", "select", "struct",
		"switch", "type", "var" };
	size_t start = r->off;
	struct tok *t;

	while (r->off < r->n && ident_byte((unsigned char)r->s[r->off]))
		r->off++;
	add_tok(r, K_IDENT, start, r->off - start, r->line, r->line_start);
	t = &r->toks[r->ntoks - 1];
	r->insert_semi = 1;
	for (size_t i = 0; i < ARRAY_LEN(keywords); i++)
		if (is_word(r, t, keywords[i]))
			r->insert_semi = is_word(r, t, "break") || is_word(r, t, "continue") ||
					 is_word(r, t, "fallthrough") || is_word(r, t, "return");
}

static void lex_op(struct reader *r)
{
	const char *s = r->s + r->off;
	size_t left = r->n - r->off, len = 1;
	int c = s[0];

	if (left >= 3 && memcmp(s, "...", 3) == 0)
		len = 3;
	else if (left >= 2 && (memcmp(s, "++", 2) == 0 || memcmp(s, "--", 2) == 0))
		len = 2;
	if (c == ';') {
		add_tok(r, K_SEMI, r->off, 1, r->line, r->line_start);
	} else {
		add_tok(r, K_OP, r->off, len, r->line, r->line_start);
	}
	r->insert_semi = len == 2 || c == ')' || c == ']' || c == '}';
	r->off += len;
}

/* every token and comment of the file; -1 after reporting */
static int lex(struct reader *r)
{
	if (r->n >= 3 && memcmp(r->s, "\xef\xbb\xbf", 3) == 0)
		r->off = 3;
	for (;;) {
		int c = at(r, r->off);

		if (c == ' ' || c == '\t' || c == '\r') {
			r->off++;
		} else if (c == '\n') {
			if (r->insert_semi)
				add_tok(r, K_SEMI, r->off, 0, r->line, r->line_start);
			r->insert_semi = 0;
			advance(r);
		} else if (c < 0) {
			if (r->insert_semi)
				add_tok(r, K_SEMI, r->off, 0, r->line, r->line_start);
			add_tok(r, K_EOF, r->off, 0, r->line, r->line_start);
			return 0;
		} else if (c == '/' && (at(r, r->off + 1) == '/' || at(r, r->off + 1) == '*')) {
			if (lex_comment(r) < 0)
				return -1;
		} else if (c == '"' || c == '`' || c == '\'') {
			if (lex_quoted(r, c) < 0)
				return -1;
		} else if ((c >= '0' && c <= '9') || (c == '.' && at(r, r->off + 1) >= '0' &&
						      at(r, r->off + 1) <= '9')) {
			lex_number(r);
		} else if (ident_byte(c)) {
			lex_ident(r);
		} else {
			lex_op(r);
		}
	}
}

/* pair the brackets: toks[i].match for each ( [ { ) ] }; -1 after reporting a mismatch */
static int match_brackets(struct reader *r)
{
	size_t *stack = NULL, depth = 0, cap = 0;
	int rc = 0;

	for (size_t i = 0; i < r->ntoks && rc == 0; i++) {
		struct tok *t = &r->toks[i];
		char c = t->kind == K_OP && t->len == 1 ? r->s[t->off] : 0;
		struct pos p = { r->path, t->line, t->col };

		if (c == '(' || c == '[' || c == '{') {
			xgrow(&stack, &cap, depth + 1, sizeof(*stack));
			stack[depth++] = i;
		} else if (c == ')' || c == ']' || c == '}') {
			char want = c == ')' ? '(' : c == ']' ? '[' : '{';

			if (depth == 0 || r->s[r->toks[stack[depth - 1]].off] != want) {
				rc = error_at(&p, "syntax error: unexpected %c", c);
				break;
			}
			t->match = stack[--depth];
			r->toks[t->match].match = i;
		} else if (t->kind == K_EOF && depth > 0) {
			struct tok *o = &r->toks[stack[depth - 1]];
			struct pos op = { r->path, o->line, o->col };

			rc = error_at(&op, "syntax error: unclosed %c", r->s[o->off]);
		}
	}
	free(stack);
	return rc;
}

/* ---- declarations ---- */

static int is_open(const struct reader *r, const struct tok *t)
{
	return is_op(r, t, "(") || is_op(r, t, "[") || is_op(r, t, "{");
}

/* the index of the ';' (or end of file) that ends the declaration or list element at i,
 * stopping also at a ',' at this depth when comma is set */
static size_t decl_end(const struct reader *r, size_t i, size_t limit, int comma)
{
	while (i < limit && r->toks[i].kind != K_SEMI && r->toks[i].kind != K_EOF &&
	       !(comma && is_op(r, &r->toks[i], ",")))
		i = is_open(r, &r->toks[i]) ? r->toks[i].match + 1 : i + 1;
	return i;
}

/*
 * cmd/go's isTestFunc over a parameter list, toks (a, b) exclusive, and whether there are
 * results: no results, one parameter field of at most one name whose type is *arg or
 * *X.arg.
 */
static int is_test_func(const struct reader *r, size_t a, size_t b, int results, const char *arg)
{
	size_t e = decl_end(r, a + 1, b, 1), i = a + 1, n;
	const struct tok *t;

	if (results || a + 1 == b)
		return 0;
	if (e < b && e + 1 != b)
		return 0;    /* a second parameter (a trailing comma alone is none) */
	t = &r->toks[i];
	n = e - i;
	if (n >= 2 && t[0].kind == K_IDENT && is_op(r, &t[1], "*"))
		t++, n--;    /* a name */
	if (!(n == 2 || n == 4) || !is_op(r, &t[0], "*") || !is_word(r, &t[n - 1], arg))
		return 0;
	return n == 2 || (t[1].kind == K_IDENT && is_op(r, &t[2], "."));
}

static void add_func(struct test_funcs *out, const char *name, enum test_kind kind, struct pos p)
{
	struct test_func *f;

	xgrow(&out->v, &out->cap, out->n + 1, sizeof(*out->v));
	f = &out->v[out->n++];
	memset(f, 0, sizeof(*f));
	f->name = xstrdup(name);
	f->kind = kind;
	f->pos = p;
}

/* go/scanner's stripCR of one comment's text */
static void strip_cr(struct buf *b, const char *s, size_t n)
{
	int block = n >= 2 && s[1] == '*';
	size_t start = b->len;

	for (size_t j = 0; j < n; j++) {
		size_t i = b->len - start;

		if (s[j] != '\r' || (block && i > 2 && b->data[b->len - 1] == '*' && j + 1 < n &&
				     s[j + 1] == '/'))
			buf_putc(b, s[j]);
	}
}

/* go/ast's isDirective, of a // comment's text after the slashes */
static int is_directive(const char *c)
{
	const char *colon = strchr(c, ':');

	if (str_has_prefix(c, "line ") || str_has_prefix(c, "extern ") || str_has_prefix(c, "export "))
		return 1;
	if (!colon || colon == c || colon[1] == '\0')
		return 0;
	for (const char *p = c; p <= colon + 1; p++)
		if (p != colon && !((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
			return 0;
	return 1;
}

/* append one line to lines, its trailing blanks stripped (go/ast's stripTrailingWhitespace) */
static void add_line(struct strv *lines, const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	strv_push_owned(lines, xstrndup(s, n));
}

/* go/ast's CommentGroup.Text of the comments cms[a..b) */
static char *group_text(const struct reader *r, size_t a, size_t b)
{
	struct strv lines = STRV_INIT;
	struct buf out = BUF_INIT;
	size_t n = 0;

	for (size_t i = a; i < b; i++) {
		struct buf c = BUF_INIT;
		const char *t, *nl;

		strip_cr(&c, r->s + r->cms[i].off, r->cms[i].len);
		/* the final \r of a // comment goes before the rest, which changes nothing here */
		if (c.data[1] == '/') {
			t = c.data + 2;
			if (*t == ' ')
				t++;
			else if (*t && is_directive(t)) {
				buf_release(&c);
				continue;
			}
		} else {
			c.data[c.len - 2] = '\0';
			t = c.data + 2;
		}
		while ((nl = strchr(t, '\n')) != NULL) {
			add_line(&lines, t, (size_t)(nl - t));
			t = nl + 1;
		}
		add_line(&lines, t, strlen(t));
		buf_release(&c);
	}
	/* leading blank lines go, and runs of blank lines become one */
	for (size_t i = 0; i < lines.n; i++) {
		if (lines.v[i][0] != '\0' || (n > 0 && lines.v[n - 1][0] != '\0')) {
			char *keep = lines.v[i];

			lines.v[i] = lines.v[n];
			lines.v[n++] = keep;
		}
	}
	for (size_t i = 0; i < n; i++) {
		buf_puts(&out, lines.v[i]);
		if (i + 1 < n || lines.v[i][0] != '\0')
			buf_putc(&out, '\n');
	}
	strv_release(&lines);
	return buf_detach(&out);
}

/* 1 when s starts with prefix (lower-case ASCII), case folded */
static int ascii_prefix_fold(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (*s != *prefix && !(*s >= 'A' && *s <= 'Z' && *s - 'A' + 'a' == *prefix))
			return 0;
	return 1;
}

/* go/doc's exampleOutput: the output of the example whose body is toks[lb..rb] */
static void example_output(const struct reader *r, size_t lb, size_t rb, struct test_func *f)
{
	static const char *const prefixes[] = { "unordered output:", "output:" };
	size_t a = r->ncms, b = r->ncms;
	char *text, *t;

	for (size_t i = 0; i < r->ncms; i++) {
		if (r->cms[i].off < r->toks[lb].off || r->cms[i].off > r->toks[rb].off)
			continue;
		if (a == r->ncms || r->cms[i].group != r->cms[a].group)
			a = i;
		b = i + 1;
	}
	if (a == r->ncms)
		return;
	text = group_text(r, a, b);
	t = text;
	/* (?i)^[[:space:]]*(unordered )?output: */
	while (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\v' || *t == '\f' || *t == '\r')
		t++;
	for (size_t i = 0; i < ARRAY_LEN(prefixes); i++) {
		size_t n = strlen(prefixes[i]);

		if (!ascii_prefix_fold(t, prefixes[i]))
			continue;
		t += n;
		while (*t == ' ')
			t++;
		if (*t == '\n')
			t++;
		f->has_output = 1;
		f->unordered = i == 0;
		f->output = xstrdup(t);
		break;
	}
	free(text);
}

/* cmd/go's checkTestFunc: -1 after reporting */
static int check_test_func(const char *name, struct pos p, int ok, int tparams, char arg)
{
	if (tparams)
		return error_at(&p, "wrong signature for %s, test functions cannot have type parameters",
				name);
	if (!ok)
		return error_at(&p, "wrong signature for %s, must be: func %s(%c *testing.%c)", name, name,
				arg - 'A' + 'a', arg);
	return 0;
}

/* the function declaration whose "func" is toks[i]; *next: the token after it */
static int read_func(const struct reader *r, size_t i, struct test_funcs *out, size_t *next)
{
	const struct tok *t = r->toks;
	size_t j = i + 1, end, pa, pb, lb = 0, rb = 0, rend;
	struct pos p = { r->path, t[i].line, t[i].col };
	int tparams = 0, results, body = 0, rc = 0;
	char *name;
	static const struct { const char *prefix; const char *arg; enum test_kind kind; } kinds[] = {
		{ "Test", "T", TEST_FUNC }, { "Benchmark", "B", TEST_BENCHMARK }, { "Fuzz", "F", TEST_FUZZ },
	};

	*next = end = decl_end(r, i, r->ntoks, 0);
	if (is_op(r, &t[j], "("))
		return 0;    /* a method */
	if (t[j].kind != K_IDENT) {
		struct pos q = { r->path, t[j].line, t[j].col };

		return error_at(&q, "syntax error: expected a function name after func");
	}
	name = xstrndup(r->s + t[j].off, t[j].len);
	j++;
	if (is_op(r, &t[j], "[")) {
		tparams = 1;
		j = t[j].match + 1;
	}
	if (!is_op(r, &t[j], "(")) {
		struct pos q = { r->path, t[j].line, t[j].col };

		rc = error_at(&q, "syntax error: expected '(' after the name of func %s", name);
		free(name);
		return rc;
	}
	pa = j;
	pb = t[j].match;
	rend = end;
	if (end > pb + 1 && is_op(r, &t[end - 1], "}")) {
		body = 1;
		rb = end - 1;
		lb = t[rb].match;
		rend = lb;
	}
	results = rend > pb + 1 && !(rend == pb + 3 && is_op(r, &t[pb + 1], "("));
	if (strcmp(name, "TestMain") == 0 && is_test_func(r, pa, pb, results, "T")) {
		add_func(out, name, TEST_FUNC, p);
	} else if (strcmp(name, "TestMain") == 0) {
		rc = check_test_func(name, p, is_test_func(r, pa, pb, results, "M"), tparams, 'M');
		if (rc == 0 && out->has_main)
			rc = error_at(&p, "multiple definitions of TestMain");
		if (rc == 0) {
			out->has_main = 1;
			out->main_pos = p;
		}
	} else if (is_test_name(name, "Example")) {
		if (pb == pa + 1 && body) {
			add_func(out, name, TEST_EXAMPLE, p);
			example_output(r, lb, rb, &out->v[out->n - 1]);
			if (!out->v[out->n - 1].output)
				out->v[out->n - 1].output = xstrdup("");
		}
	} else {
		for (size_t k = 0; k < ARRAY_LEN(kinds); k++) {
			if (!is_test_name(name, kinds[k].prefix))
				continue;
			rc = check_test_func(name, p, is_test_func(r, pa, pb, results, kinds[k].arg),
					     tparams, kinds[k].arg[0]);
			if (rc == 0)
				add_func(out, name, kinds[k].kind, p);
			break;
		}
	}
	free(name);
	return rc;
}

int gotest_read(const char *path, const char *src, size_t len, struct test_funcs *out)
{
	struct reader r;
	int rc;

	memset(&r, 0, sizeof(r));
	strv_push(&out->files, path);
	r.path = out->files.v[out->files.n - 1];
	r.s = src;
	r.n = len;
	r.line = 1;
	r.prev_line = 0;
	rc = lex(&r);
	if (rc == 0)
		rc = match_brackets(&r);
	for (size_t i = 0; rc == 0 && r.toks[i].kind != K_EOF;) {
		if (is_word(&r, &r.toks[i], "func"))
			rc = read_func(&r, i, out, &i);
		else
			i = decl_end(&r, i, r.ntoks, 0);
		if (r.toks[i].kind == K_SEMI)
			i++;
	}
	free(r.toks);
	free(r.cms);
	return rc;
}

int gotest_read_file(const char *path, struct test_funcs *out)
{
	struct buf b = BUF_INIT;
	int rc = fs_read_file(path, &b);

	if (rc == 0)
		rc = gotest_read(path, buf_str(&b), b.len, out);
	buf_release(&b);
	return rc;
}

int test_funcs_needed(const struct test_funcs *t)
{
	if (t->has_main)
		return 1;
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].kind != TEST_EXAMPLE || t->v[i].has_output)
			return 1;
	return 0;
}

void test_funcs_release(struct test_funcs *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].name);
		free(t->v[i].output);
	}
	free(t->v);
	strv_release(&t->files);
	memset(t, 0, sizeof(*t));
}
