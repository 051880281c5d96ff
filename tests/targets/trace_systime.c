/* SPDX-License-Identifier: MIT */
/*
 * Target for the -c time column: a few large read()s from /dev/zero
 * (the kernel clears the buffer: system time) and one 200 ms nanosleep
 * (wall time, next to no system time).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (64u << 20)

int main(void)
{
	struct timespec ts = { 0, 200 * 1000 * 1000 };
	char *buf = malloc(CHUNK);
	int fd = open("/dev/zero", O_RDONLY), i;

	if (!buf || fd < 0)
		return 1;
	for (i = 0; i < 8; i++)
		if (read(fd, buf, CHUNK) != (ssize_t)CHUNK)
			return 2;
	close(fd);
	if (nanosleep(&ts, NULL))
		return 3;
	free(buf);
	return 0;
}
