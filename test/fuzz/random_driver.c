/*
 * Stand-in for libFuzzer where clang is missing: calls the target with
 * random inputs (and first with each file named on the command line) for
 * -max_total_time=S seconds, and prints libFuzzer's closing line
 * "Done N runs in S second(s)".  Crashes are left to AddressSanitizer and
 * UBSan, as with libFuzzer.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fuzz_input.h"

static uint64_t state = 0x9e3779b97f4a7c15ULL;

static uint64_t
next_random(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

int
main(int argc, char **argv)
{
	double		budget = 10;
	long		runs = 0;
	uint8_t		buf[4096];
	time_t		start = time(NULL);

	for (int i = 1; i < argc; i++)
	{
		if (strncmp(argv[i], "-max_total_time=", 16) == 0)
			budget = atof(argv[i] + 16);
		else if (argv[i][0] != '-')
		{
			FILE	   *fp = fopen(argv[i], "rb");
			size_t		len;

			if (fp == NULL)
				continue;
			len = fread(buf, 1, sizeof buf, fp);
			fclose(fp);
			LLVMFuzzerTestOneInput(buf, len);
			runs++;
		}
	}
	state ^= (uint64_t) start;
	while (difftime(time(NULL), start) < budget)
	{
		for (int k = 0; k < 1000; k++)
		{
			size_t		len = next_random() % sizeof buf;

			for (size_t j = 0; j < len; j += 8)
			{
				uint64_t	r = next_random();

				memcpy(buf + j, &r, len - j < 8 ? len - j : 8);
			}
			LLVMFuzzerTestOneInput(buf, len);
			runs++;
		}
	}
	printf("Done %ld runs in %ld second(s)\n", runs, (long) difftime(time(NULL), start));
	return 0;
}
