/* A program on its own pty, read through a libvterm screen (bench tools). */
#include "config.h"

#include <sys/wait.h>

#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vterm-child.h"

long long
vterm_child_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int
vterm_child_number(void (*usage)(void), const char *s, int min, int max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		usage();
	return (int)v;
}

int
vterm_child_size(const char *s, int *rows, int *cols)
{
	char *end;
	long r, c;

	errno = 0;
	r = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != 'x' || r < 2 || r > 500)
		return -1;
	s = end + 1;
	c = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || c < 2 || c > 500)
		return -1;
	*rows = (int)r;
	*cols = (int)c;
	return 0;
}

int
vterm_child_start(struct vterm_child *c, int rows, int cols, char **argv)
{
	struct winsize ws = {.ws_row = (unsigned short)rows,
	    .ws_col = (unsigned short)cols};

	memset(c, 0, sizeof *c);
	c->rows = rows;
	c->cols = cols;
	c->vt = vterm_new(rows, cols);
	vterm_set_utf8(c->vt, 1);
	c->screen = vterm_obtain_screen(c->vt);
	vterm_screen_reset(c->screen, 1);
	c->pid = forkpty(&c->fd, NULL, NULL, &ws);
	if (c->pid == -1) {
		perror("forkpty");
		vterm_free(c->vt);
		return -1;
	}
	if (c->pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "%s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return 0;
}

/* Answer what the program asks of the terminal (and send typed keys). */
static int
vterm_child_flush(struct vterm_child *c)
{
	char reply[256];
	size_t n;

	while ((n = vterm_output_read(c->vt, reply, sizeof reply)) > 0) {
		if (write(c->fd, reply, n) != (ssize_t)n)
			return -1;
	}
	return 0;
}

int
vterm_child_pump(struct vterm_child *c, int timeout_ms)
{
	struct pollfd pfd = {.fd = c->fd, .events = POLLIN};
	char chunk[65536];
	ssize_t got;
	int ready;

	ready = poll(&pfd, 1, timeout_ms);
	if (ready == -1)
		return errno == EINTR ? 0 : -1;
	if (ready == 0)
		return 0;
	got = read(c->fd, chunk, sizeof chunk);
	if (got <= 0) /* the program ended (EIO) */
		return -1;
	c->bytes += (size_t)got;
	c->last = vterm_child_now_us();
	vterm_input_write(c->vt, chunk, (size_t)got);
	vterm_child_flush(c);
	return 1;
}

void
vterm_child_text(struct vterm_child *c, int first, int last, char *buf,
    size_t size)
{
	VTermRect rect = {.start_col = 0, .end_col = c->cols};
	size_t len = 0, n;
	int row;

	for (row = first; row <= last && len + 1 < size; row++) {
		rect.start_row = row;
		rect.end_row = row + 1;
		n = vterm_screen_get_text(c->screen, buf + len,
		    size - len - 1, rect);
		len += n;
		if (row < last && len + 1 < size)
			buf[len++] = '\n';
	}
	buf[len] = '\0';
}

int
vterm_child_key(struct vterm_child *c, VTermKey key)
{
	vterm_keyboard_key(c->vt, key, VTERM_MOD_NONE);
	return vterm_child_flush(c);
}

long long
vterm_child_stop(struct vterm_child *c)
{
	long long t0 = vterm_child_now_us(), took = -1;
	int i;

	kill(c->pid, SIGTERM);
	for (i = 0; i < 200 && took < 0; i++) {
		if (waitpid(c->pid, NULL, WNOHANG) == c->pid)
			took = (vterm_child_now_us() - t0) / 1000;
		else
			usleep(10000);
	}
	if (took < 0) {
		kill(c->pid, SIGKILL);
		waitpid(c->pid, NULL, 0);
	}
	close(c->fd);
	vterm_free(c->vt);
	return took;
}

/* User plus system CPU of pid so far in ms, and its VmHWM in KiB. */
void
vterm_child_usage(pid_t pid, long long *cpu_ms, long long *hwm_kib)
{
	char path[64], line[512], *p;
	unsigned long long ut = 0, st = 0;
	FILE *f;

	*cpu_ms = -1;
	*hwm_kib = -1;
	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	if ((f = fopen(path, "r")) != NULL) {
		/* After "(comm) ": state is field 3, utime 14, stime 15. */
		if (fgets(line, sizeof line, f) != NULL &&
		    (p = strrchr(line, ')')) != NULL &&
		    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u "
		    "%*u %llu %llu", &ut, &st) == 2)
			*cpu_ms = (long long)(ut + st) * 1000 /
			    sysconf(_SC_CLK_TCK);
		fclose(f);
	}
	snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
	if ((f = fopen(path, "r")) != NULL) {
		while (fgets(line, sizeof line, f) != NULL) {
			if (sscanf(line, "VmHWM: %lld", hwm_kib) == 1)
				break;
		}
		fclose(f);
	}
}
