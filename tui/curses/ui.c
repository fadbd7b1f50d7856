/* The interactive front end: terminal set-up, the poll() loop, keys, layout. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "app.h"
#include "clock.h"
#include "keymap.h"
#include "keys.h"
#include "strutil.h"
#include "ui-internal.h"
#include "worker.h"
#include "xmalloc.h"

#define UI_MIN_ROWS 10
#define UI_MIN_COLS 40

static int signal_pipe[2] = { -1, -1 };
static volatile sig_atomic_t got_winch, got_tstp, got_quit;
static struct termios saved_termios;
static int have_saved_termios;
static char *restore_seq; /* written on a crash: leave the alt screen... */

/* --- signals and restoring the terminal ------------------------------ */

static void
signal_note(int sig)
{
	int saved = errno;
	char c = (char)sig;

	if (sig == SIGWINCH)
		got_winch = 1;
	else if (sig == SIGTSTP)
		got_tstp = 1;
	else
		got_quit = sig;
	if (write(signal_pipe[1], &c, 1) < 0) {
		/* The pipe is full: the loop will wake anyway. */
	}
	errno = saved;
}

/* Async-signal-safe: put the tty back and re-raise the signal. */
static void
signal_crash(int sig)
{
	if (restore_seq != NULL &&
	    write(STDOUT_FILENO, restore_seq, strlen(restore_seq)) < 0) {
		/* nothing more can be done */
	}
	if (have_saved_termios)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_termios);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
ui_emergency_restore(void)
{
	if (!isendwin())
		endwin();
}

static void
signals_install(void)
{
	struct sigaction sa;
	static const int crash[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL,
		SIGABRT };
	size_t i;

	if (pipe2(signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
		fatal("cannot create the signal pipe");
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = signal_note;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGWINCH, &sa, NULL);
	/* Ours, not curses's: its handler redraws inside the signal. */
	sigaction(SIGTSTP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = signal_crash;
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < sizeof crash / sizeof crash[0]; i++)
		sigaction(crash[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* What to write on a crash: normal attributes, cursor on, leave the
 * alternate screen. Taken from terminfo while it is safe to do so. */
static void
restore_seq_init(void)
{
	const char *caps[] = { "sgr0", "cnorm", "rmcup" };
	struct buf b = {0};
	char *s;
	size_t i;

	buf_addstr(&b, "");
	for (i = 0; i < sizeof caps / sizeof caps[0]; i++) {
		s = tigetstr(caps[i]);
		if (s != NULL && s != (char *)-1)
			buf_addstr(&b, s);
	}
	buf_addstr(&b, "\r\n");
	restore_seq = b.data;
}

/*
 * No XON/XOFF flow control while rackcon owns the terminal: C-s and C-q are
 * keys (the emacs keymap's filter), not a freeze. The mode becomes part of
 * curses's program mode, so endwin() (quit, ^Z) puts the shell's modes back
 * and the first refresh after a resume takes flow control away again; a
 * crash restores saved_termios.
 */
static void
ui_flow_control_off(void)
{
	struct termios t;

	if (tcgetattr(STDIN_FILENO, &t) != 0)
		return;
	t.c_iflag &= ~(tcflag_t)(IXON | IXOFF);
	if (tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0)
		def_prog_mode();
}

/*
 * Make curses write a whole frame at once. ncurses (6.4, and 6.6 still)
 * flushes its output at every cursor movement until the screen has been
 * left and resumed once (_nc_mvcur flushes while _endwin is ewInitial,
 * meant for terminfo-level programs): one write(2) per changed run, over
 * 3000 for a 286-row table's first frames. Each is a wake-up of the
 * terminal on the other end, and over SSH often a packet of its own.
 * endwin() and doupdate() before the first frame end that: the modes set
 * so far (def_prog_mode) come back as on a resume from ^Z, and the screen,
 * empty yet, is cleared.
 */
static void
ui_buffer_frames(void)
{
	endwin();
	doupdate();
}

/* --- slow lines --------------------------------------------------------- */

/* The terminal's output speed in bits per second, 0 when unknown. */
static long
ui_line_speed(void)
{
	static const struct {
		speed_t code;
		long baud;
	} speeds[] = {
		{ B50, 50 }, { B75, 75 }, { B110, 110 }, { B134, 134 },
		{ B150, 150 }, { B200, 200 }, { B300, 300 }, { B600, 600 },
		{ B1200, 1200 }, { B1800, 1800 }, { B2400, 2400 },
		{ B4800, 4800 }, { B9600, 9600 }, { B19200, 19200 },
		{ B38400, 38400 }, { B57600, 57600 }, { B115200, 115200 },
		{ B230400, 230400 },
	};
	struct termios t;
	speed_t code;
	size_t i;

	if (tcgetattr(STDOUT_FILENO, &t) != 0)
		return 0;
	code = cfgetospeed(&t);
	for (i = 0; i < sizeof speeds / sizeof speeds[0]; i++) {
		if (speeds[i].code == code)
			return speeds[i].baud;
	}
	return code > B230400 ? 460800 : 0;
}

/* Milliseconds n characters take at baud (10 bits each), rounded up. */
static int
ui_line_ms(long baud, int n)
{
	return (int)((n * 10L * 1000 + baud - 1) / baud);
}

/*
 * How long curses waits for the rest of an escape sequence. A serial
 * console or an IPMI SOL session delivers bytes in bursts, and a sequence
 * split between two bursts read as Esc and letters: wait for as long as
 * UI_ESC_CHARS characters take on the line, at least UI_ESC_MIN_MS (50 ms
 * at 19200 baud and above, and on ptys, which say 38400 whatever the link
 * behind them: an SSH session over a WAN splits sequences too; 100 ms at
 * 9600, 400 ms at 2400).
 */
#define UI_ESC_CHARS  96
#define UI_ESC_MIN_MS 50
#define UI_ESC_MAX_MS 1000

static int
ui_escape_delay(const struct options *o, long baud)
{
	int ms;

	if (o->escape_delay_ms > 0)
		return o->escape_delay_ms;
	if (baud <= 0)
		return UI_ESC_MIN_MS;
	ms = ui_line_ms(baud, UI_ESC_CHARS);
	if (ms < UI_ESC_MIN_MS)
		ms = UI_ESC_MIN_MS;
	return ms > UI_ESC_MAX_MS ? UI_ESC_MAX_MS : ms;
}

/* A slow line: below UI_HOLD_BELOW baud a frame is followed by a pause of
 * UI_HOLD_CHARS characters' time (frame-pace.h). */
#define UI_HOLD_BELOW  38400
#define UI_HOLD_CHARS  64

static void
ui_line_init(struct ui *ui)
{
	long baud = ui_line_speed();

	ui->baud = baud;
	ui->pace.hold_ms = baud > 0 && baud < UI_HOLD_BELOW ?
	    ui_line_ms(baud, UI_HOLD_CHARS) : 0;
	set_escdelay(ui_escape_delay(&ui->app->opt, baud));
}

/* Milliseconds to hold a dirty frame back, 0 to draw it now. */
static int
ui_frame_wait(struct ui *ui)
{
	int queued = 0, queued_ms = 0;

	if (ui->dirty == 0)
		return 0;
	if (ui->baud > 0 && ioctl(STDOUT_FILENO, TIOCOUTQ, &queued) == 0 &&
	    queued > 0)
		queued_ms = ui_line_ms(ui->baud, queued);
	return frame_pace_wait(&ui->pace, clock_now_ms(), queued_ms,
	    ui->app->first_frames_in);
}

/*
 * Key sequences the terminfo entry may lack: an xterm-like terminal run as
 * TERM=vt100 (a serial console's usual setting) sends these for F1..F12,
 * Home, End, PgUp, PgDn, Insert, Delete and the cursor keys in normal mode.
 * A sequence the entry already has keeps its meaning.
 */
static void
ui_define_keys(void)
{
	static const struct {
		const char *seq;
		int key;
	} extra[] = {
		{ "\033[11~", KEY_F(1) }, { "\033[12~", KEY_F(2) },
		{ "\033[13~", KEY_F(3) }, { "\033[14~", KEY_F(4) },
		{ "\033[15~", KEY_F(5) }, { "\033[17~", KEY_F(6) },
		{ "\033[18~", KEY_F(7) }, { "\033[19~", KEY_F(8) },
		{ "\033[20~", KEY_F(9) }, { "\033[21~", KEY_F(10) },
		{ "\033[23~", KEY_F(11) }, { "\033[24~", KEY_F(12) },
		{ "\033OP", KEY_F(1) }, { "\033OQ", KEY_F(2) },
		{ "\033OR", KEY_F(3) }, { "\033OS", KEY_F(4) },
		{ "\033[1~", KEY_HOME }, { "\033[7~", KEY_HOME },
		{ "\033[H", KEY_HOME }, { "\033OH", KEY_HOME },
		{ "\033[4~", KEY_END }, { "\033[8~", KEY_END },
		{ "\033[F", KEY_END }, { "\033OF", KEY_END },
		{ "\033[5~", KEY_PPAGE }, { "\033[6~", KEY_NPAGE },
		{ "\033[2~", KEY_IC }, { "\033[3~", KEY_DC },
		{ "\033[A", KEY_UP }, { "\033[B", KEY_DOWN },
		{ "\033[C", KEY_RIGHT }, { "\033[D", KEY_LEFT },
		{ "\033OA", KEY_UP }, { "\033OB", KEY_DOWN },
		{ "\033OC", KEY_RIGHT }, { "\033OD", KEY_LEFT },
		{ "\033[Z", KEY_BTAB },
	};
	size_t i;

	for (i = 0; i < sizeof extra / sizeof extra[0]; i++) {
		if (key_defined(extra[i].seq) == 0)
			define_key(extra[i].seq, extra[i].key);
	}
}

/* --- layout ------------------------------------------------------------ */

static void
ui_free_windows(struct ui *ui)
{
	PANEL **panels[] = { &ui->tabs_p, &ui->table_p, &ui->detail_p,
		&ui->status_p };
	WINDOW **wins[] = { &ui->tabs, &ui->table, &ui->detail, &ui->status };
	size_t i;

	for (i = 0; i < 4; i++) {
		if (*panels[i] != NULL)
			del_panel(*panels[i]);
		if (*wins[i] != NULL)
			delwin(*wins[i]);
		*panels[i] = NULL;
		*wins[i] = NULL;
	}
}

static WINDOW *
ui_new_window(int h, int w, int y, int x, PANEL **panel)
{
	WINDOW *win = newwin(h, w, y, x);

	if (win == NULL)
		fatal("cannot create a %dx%d window", w, h);
	leaveok(win, TRUE);
	*panel = new_panel(win);
	return win;
}

void
ui_layout(struct ui *ui)
{
	int detail_h, table_h;

	ui_free_windows(ui);
	getmaxyx(stdscr, ui->rows, ui->cols);
	ui->too_small = ui->rows < UI_MIN_ROWS || ui->cols < UI_MIN_COLS;
	if (ui->too_small) {
		ui->status = ui_new_window(ui->rows > 0 ? ui->rows : 1,
		    ui->cols > 0 ? ui->cols : 1, 0, 0, &ui->status_p);
		ui->dirty = UI_DIRTY_ALL;
		return;
	}
	detail_h = ui->rows / 3;
	if (detail_h > 12)
		detail_h = 12;
	table_h = ui->rows - 2 - detail_h;
	ui->tabs = ui_new_window(1, ui->cols, 0, 0, &ui->tabs_p);
	ui->table = ui_new_window(table_h, ui->cols, 1, 0, &ui->table_p);
	ui->detail = ui_new_window(detail_h, ui->cols, 1 + table_h, 0,
	    &ui->detail_p);
	ui->status = ui_new_window(1, ui->cols, ui->rows - 1, 0,
	    &ui->status_p);
	ui->table_rows = table_h - 1;
	console_pane_layout(ui);
	if (ui->prompt.list_count > 0)
		prompt_list_close(ui);
	if (ui->overlay.kind == OVERLAY_MENU)
		menu_relayout(ui);
	else if (ui->overlay.kind != OVERLAY_NONE)
		overlay_draw(ui);
	ui->dirty = UI_DIRTY_ALL;
}

static void
ui_resize(struct ui *ui)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	ui_layout(ui);
	/* Keys are read through stdscr, which a touched stdscr would repaint
	 * (blank) over the panels. */
	untouchwin(stdscr);
	clearok(curscr, TRUE);
}

/* --- drawing ------------------------------------------------------------ */

/* Draw what is dirty: 1, or 0 when nothing was. */
static int
ui_draw(struct ui *ui)
{
	if (ui->dirty == 0)
		return 0;
	if (ui->too_small) {
		werase(ui->status);
		mvwprintw(ui->status, 0, 0, "Too small: %dx%d, need %dx%d",
		    ui->cols, ui->rows, UI_MIN_COLS, UI_MIN_ROWS);
	} else {
		if (ui->dirty & UI_DIRTY_TABS)
			tabs_draw(ui);
		/* A console pane covers the table and the detail: only its
		 * damaged cells are drawn. */
		if (ui->shown != NULL)
			console_pane_draw(ui);
		else {
			if (ui->dirty & UI_DIRTY_TABLE)
				table_draw(ui);
			if (ui->dirty & UI_DIRTY_DETAIL)
				detail_draw(ui);
		}
		if (ui->dirty & UI_DIRTY_STATUS) {
			if (ui->prompt.active)
				prompt_draw(ui);
			else
				status_draw(ui);
		}
	}
	/* libpanel refreshes every window in stacking order. */
	update_panels();
	doupdate();
	ui->dirty = 0;
	ui->pace.frame_ms = clock_now_ms();
	ui->app->first_frames_in = 0;
	return 1;
}

void
ui_dirty(struct ui *ui, int what)
{
	ui->dirty |= what;
}

void
ui_redraw_all(struct ui *ui)
{
	clearok(curscr, TRUE);
	ui->dirty = UI_DIRTY_ALL | UI_DIRTY_CONSOLE;
}

int
ui_page_rows(struct ui *ui)
{
	return ui->table_rows;
}


/* --- keys ------------------------------------------------------------- */

const char *
ui_lookup(struct ui *ui, int key)
{
	struct app *app = ui->app;
	const char *cmd;

	cmd = keymap_lookup(app->keymap, app_current(app)->screen->name, key);
	if (cmd == NULL)
		cmd = keymap_lookup(app->keymap, "table", key);
	return cmd;
}

/* 1 if command line cmd may run while the window is too small to show
 * anything it would open: quitting and redrawing only. */
static int
ui_key_allowed_small(const char *cmd)
{
	size_t n = cmd != NULL ? strcspn(cmd, " ") : 0;

	return (n == 4 && strncmp(cmd, "quit", 4) == 0) ||
	    (n == 6 && strncmp(cmd, "redraw", 6) == 0);
}

/* --- focus ------------------------------------------------------------ */

void
ui_focus_push(struct ui *ui, const struct focus_ops *f)
{
	int i, at;

	for (i = 0; i < ui->focus_count; i++) {
		if (ui->focus[i] == f)
			return;
	}
	if (ui->focus_count == UI_FOCUS_MAX)
		fatal("focus stack full pushing %s", f->name);
	/* Above every entry of its layer or below: the newest of a layer
	 * gets the keys, a higher layer keeps them. */
	for (at = ui->focus_count; at > 0; at--) {
		if (ui->focus[at - 1]->layer <= f->layer)
			break;
	}
	memmove(ui->focus + at + 1, ui->focus + at,
	    (size_t)(ui->focus_count - at) * sizeof ui->focus[0]);
	ui->focus[at] = f;
	ui->focus_count++;
}

void
ui_focus_drop(struct ui *ui, const struct focus_ops *f)
{
	int i;

	for (i = 0; i < ui->focus_count; i++) {
		if (ui->focus[i] != f)
			continue;
		memmove(ui->focus + i, ui->focus + i + 1,
		    (size_t)(ui->focus_count - i - 1) * sizeof ui->focus[0]);
		ui->focus_count--;
		return;
	}
}

/* The bottom of the stack: the panel's table and the keymap. */
static void
ui_table_key(struct ui *ui, int key)
{
	const char *cmd = ui_lookup(ui, key);
	char name[32];

	/* A message is about what was done last: the next key on the main
	 * screen acts anew, so the message goes (and what this key does may
	 * set another). Keys that close the dialog it came with keep it. */
	if (ui->app->message != NULL) {
		free(ui->app->message);
		ui->app->message = NULL;
		ui->app->message_error = 0;
		ui_dirty(ui, UI_DIRTY_STATUS);
	}
	if (cmd == NULL) {
		app_message(ui->app, 0, "%s is not bound (F1 or ? for help)",
		    key_to_name(key, name, sizeof name));
		return;
	}
	app_run_line(ui->app, cmd);
}

static void
ui_key(struct ui *ui, int key)
{
	const char *cmd;

	if (ui->too_small) {
		cmd = ui_lookup(ui, key);
		if (ui_key_allowed_small(cmd))
			app_run_line(ui->app, cmd);
		return;
	}
	if (ui->focus_count > 0)
		ui->focus[ui->focus_count - 1]->key(ui, key);
	else
		ui_table_key(ui, key);
}

/* Whether some section of the keymap binds key (a Meta key). */
static int
ui_key_bound(const struct ui *ui, int key)
{
	const struct keymap *km = ui->app->keymap;
	const char *context, *command;
	size_t i, n = km != NULL ? keymap_count(km) : 0;
	int bound;

	key = key_normalise(key);
	for (i = 0; i < n; i++) {
		if (keymap_get(km, i, &context, &bound, &command) == 0 &&
		    bound == key)
			return 1;
	}
	return 0;
}

/* Read every key the terminal has ready. */
static void
ui_read_keys(struct ui *ui)
{
	wint_t ch, next;
	int rc, key, meta;

	for (;;) {
		rc = wget_wch(stdscr, &ch);
		if (rc == ERR)
			break;
		/*
		 * resizeterm() in our SIGWINCH path queues KEY_RESIZE; the
		 * resize is already done, and resizing again would queue
		 * another one, forever.
		 */
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE)
			continue;
		ui->pace.key_ms = clock_now_ms();
		key = keys_from_wch(rc, (unsigned long)ch);
		if (rc == OK && ch == 27) {
			/*
			 * Escape then a key at once is Meta-key when the
			 * keymap binds it; else the two keys they were
			 * typed as (Esc closing a dialog, then ':'), which
			 * typed ahead arrive together too.
			 */
			rc = wget_wch(stdscr, &next);
			if (rc != ERR) {
				meta = KEYC_META | keys_from_wch(rc,
				    (unsigned long)next);
				if (ui_key_bound(ui, meta))
					key = meta;
				else {
					ui_key(ui, key);
					if (ui->app->quit)
						break;
					key = keys_from_wch(rc,
					    (unsigned long)next);
				}
			}
		}
		ui_key(ui, key);
		if (ui->app->quit)
			break;
	}
}

/* --- descriptors ----------------------------------------------------- */

void
ui_watch_fd(struct ui *ui, int fd, int events, ui_fd_fn fn, void *arg)
{
	size_t i;

	for (i = 0; i < ui->watch_count; i++) {
		if (ui->watch[i].fd == fd)
			break;
	}
	if (i == ui->watch_count) {
		ui->watch = xreallocarray(ui->watch, ui->watch_count + 1,
		    sizeof *ui->watch);
		ui->watch_count++;
	}
	ui->watch[i].fd = fd;
	ui->watch[i].events = events;
	ui->watch[i].fn = fn;
	ui->watch[i].arg = arg;
}

void
ui_unwatch_fd(struct ui *ui, int fd)
{
	size_t i;

	for (i = 0; i < ui->watch_count; i++) {
		if (ui->watch[i].fd != fd)
			continue;
		ui->watch[i] = ui->watch[ui->watch_count - 1];
		ui->watch_count--;
		return;
	}
}

/* The fixed descriptors, then every watched one. */
#define UI_FIXED_FDS 4

static struct pollfd *
ui_poll_set(struct ui *ui, struct pollfd *fds, size_t *room)
{
	size_t i, n = UI_FIXED_FDS + ui->watch_count;

	if (n > *room) {
		fds = xreallocarray(fds, n, sizeof *fds);
		*room = n;
	}
	fds[0].fd = STDIN_FILENO;
	fds[1].fd = worker_pool_fd(ui->app->pool);
	fds[2].fd = ui->signal_fd;
	fds[3].fd = app_wake_fd(ui->app);
	for (i = 0; i < UI_FIXED_FDS; i++)
		fds[i].events = POLLIN;
	for (i = 0; i < ui->watch_count; i++) {
		fds[UI_FIXED_FDS + i].fd = ui->watch[i].fd;
		fds[UI_FIXED_FDS + i].events = (short)ui->watch[i].events;
	}
	for (i = 0; i < n; i++)
		fds[i].revents = 0;
	return fds;
}

/* Call the watchers whose descriptors are ready. A watcher may watch or
 * unwatch descriptors: each ready one is looked up again by its fd. */
static void
ui_run_watchers(struct ui *ui, const struct pollfd *fds, size_t n)
{
	size_t i, k;

	for (i = UI_FIXED_FDS; i < n; i++) {
		if (fds[i].revents == 0)
			continue;
		for (k = 0; k < ui->watch_count; k++) {
			if (ui->watch[k].fd == fds[i].fd) {
				ui->watch[k].fn(ui->watch[k].arg,
				    fds[i].revents);
				break;
			}
		}
	}
}

/* --- the loop ------------------------------------------------------------ */

static void
ui_start(struct ui *ui)
{
	setlocale(LC_ALL, "");
	/* Numbers stay C's: what is read from /proc and the tools' output
	 * is written with a decimal point whatever the admin's locale, and
	 * rackcon shows numbers as those tools print them (a de_DE locale
	 * made strtod stop at the point: no load, no uptime). */
	setlocale(LC_NUMERIC, "C");
	if (tcgetattr(STDIN_FILENO, &saved_termios) == 0)
		have_saved_termios = 1;
	signals_install();
	if (initscr() == NULL)
		fatal("cannot start curses (is TERM set?)");
	fatal_hook = ui_emergency_restore;
	restore_seq_init();
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	ui_flow_control_off();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	ui_define_keys();
	ui_line_init(ui);
	curs_set(0);
	leaveok(stdscr, TRUE);
	theme_init(&ui->theme, ui->app->opt.no_color);
	ui->signal_fd = signal_pipe[0];
	ui_buffer_frames();
	ui_layout(ui);
	untouchwin(stdscr);
}

static void
ui_stop(struct ui *ui)
{
	if (ui->overlay.kind == OVERLAY_MENU)
		menu_close(ui);
	else if (ui->overlay.kind != OVERLAY_NONE)
		overlay_close(ui);
	console_pane_close_all(ui);
	ui_free_windows(ui);
	free(ui->watch);
	curs_set(1);
	/* Without an alternate screen (vt100, a serial console) the last
	 * frame would stay under the shell's prompt: clear it first. */
	if (tigetstr("rmcup") == NULL || tigetstr("rmcup") == (char *)-1) {
		clear();
		refresh();
	}
	endwin();
	fatal_hook = NULL;
	line_edit_free(&ui->prompt.line);
	prompt_free(ui);
	free(ui->prompt.saved_filter);
	free(restore_seq);
	restore_seq = NULL;
}

/*
 * Queue what is due (every host's panels are refreshed, not only the one
 * on screen, so that the tab bar and the Hosts panel show a problem
 * wherever the admin is looking) and say how long poll() may wait.
 */
static int
ui_tick(struct ui *ui)
{
	struct app *app = ui->app;
	long long left = app_tick(app, clock_now_ms());
	int deadline = worker_pool_next_deadline_ms(app->pool);

	if (left < 0 || (deadline >= 0 && deadline < left))
		left = deadline;
	return (int)left;
}

/* ^Z: give the terminal back, stop, and repaint when continued. */
static void
ui_suspend(struct ui *ui)
{
	struct sigaction dfl, ours;

	endwin();
	memset(&dfl, 0, sizeof dfl);
	sigemptyset(&dfl.sa_mask);
	dfl.sa_handler = SIG_DFL;
	sigaction(SIGTSTP, &dfl, &ours);
	kill(getpid(), SIGTSTP); /* stops here until SIGCONT */
	sigaction(SIGTSTP, &ours, NULL);
	ui_resize(ui); /* the size may have changed meanwhile */
}

static void
ui_drain_signals(struct ui *ui)
{
	char buf[32];

	while (read(ui->signal_fd, buf, sizeof buf) > 0)
		;
	if (got_tstp) {
		got_tstp = 0;
		ui_suspend(ui);
	}
	if (got_winch) {
		got_winch = 0;
		ui_resize(ui);
	}
	if (got_quit)
		ui->app->quit = 1;
}

int
ui_main(struct app *app)
{
	struct ui ui;
	struct pollfd *fds = NULL;
	size_t room = 0, n;
	int hold, timeout;
	long long start;

	memset(&ui, 0, sizeof ui);
	ui.app = app;
	app->ui = &ui;
	app_set_frontend(app, &ui_frontend_ops, &ui);
	/* The first snapshots are read while the terminal is set up; their
	 * results are only taken in the loop below. */
	ui_tick(&ui);
	ui_start(&ui);
	while (!app->quit) {
		hold = ui_frame_wait(&ui);
		if (hold == 0) {
			/* The frame's cost: the Hosts panel's summing up and
			 * the drawing. */
			start = clock_now_us();
			app_settle(app);
			if (ui_draw(&ui))
				ui.pace.draw_us = clock_now_us() - start;
		}
		/* Due refreshes are queued after the frame is drawn, so that a
		 * new snapshot does not compete with the drawing of the last. */
		timeout = ui_tick(&ui);
		fds = ui_poll_set(&ui, fds, &room);
		n = UI_FIXED_FDS + ui.watch_count;
		if (hold > 0 && (timeout < 0 || hold < timeout))
			timeout = hold;
		if (poll(fds, (nfds_t)n, timeout) < 0 && errno != EINTR)
			fatal("poll: %s", strerror(errno));
		if (fds[2].revents & POLLIN)
			ui_drain_signals(&ui);
		if (fds[3].revents & POLLIN)
			app_woken(app); /* the next tick refreshes */
		if (fds[1].revents & POLLIN)
			worker_pool_dispatch(app->pool);
		if (fds[0].revents & (POLLHUP | POLLERR))
			app->quit = 1;
		else if (fds[0].revents & POLLIN)
			ui_read_keys(&ui);
		if (!app->quit)
			ui_run_watchers(&ui, fds, n);
		if (worker_pool_next_deadline_ms(app->pool) == 0)
			worker_pool_dispatch(app->pool);
	}
	free(fds);
	ui_stop(&ui);
	app_set_frontend(app, NULL, NULL);
	app->ui = NULL;
	return got_quit != 0 && got_quit != SIGINT ? 128 + got_quit : 0;
}
