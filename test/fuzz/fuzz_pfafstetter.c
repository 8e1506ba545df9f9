/*
 * libFuzzer target for the Pfafstetter code rule (src/core/pfafstetter.c):
 * the input is two codes separated by the first 0xff byte, any bytes.
 * ec_pfaf_is_upstream must return -1 (with the offending position inside the
 * code it names), 0 or 1, never read past either code, and never call a
 * code upstream of itself.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc/core \
 *       test/fuzz/fuzz_pfafstetter.c src/core/pfafstetter.c -lm \
 *       -o fuzz_pfafstetter && ./fuzz_pfafstetter -max_total_time=60
 */
#include "pfafstetter.h"

#include <stdlib.h>
#include <string.h>

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *sep = memchr(data, 0xff, size);
	size_t		alen = sep ? (size_t) (sep - data) : size;
	size_t		blen = sep ? size - alen - 1 : 0;
	/* exact-size copies, so ASan sees any read past a code */
	char	   *a = malloc(alen ? alen : 1);
	char	   *b = malloc(blen ? blen : 1);
	size_t		bad = 0;
	char		which = 0;
	int			res;

	if (!a || !b)
		abort();
	memcpy(a, data, alen);
	if (blen)
		memcpy(b, sep + 1, blen);
	res = ec_pfaf_is_upstream(a, alen, b, blen, &bad, &which);
	if (res < -1 || res > 1)
		abort();
	if (res == -1 && !((which == 'a' && (alen == 0 || bad < alen)) || (which == 'b' && (blen == 0 || bad < blen))))
		abort();
	if (alen > 0 && ec_pfaf_is_upstream(a, alen, a, alen, &bad, &which) == 1)
		abort();
	free(a);
	free(b);
	return 0;
}
