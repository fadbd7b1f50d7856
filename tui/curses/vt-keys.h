/*
 * Keys back into the bytes a terminal sends: what a console pane writes
 * to the far side for a key rackcon read through curses (keys.h). Pure
 * functions, any thread; the UI thread's console pane calls them.
 */
#ifndef RACKCON_VT_KEYS_H
#define RACKCON_VT_KEYS_H

#include <stddef.h>

/* The far side's terminal type, by the pane's TERM: which sequences its
 * function keys send. */
enum vt_term {
	VT_XTERM,  /* xterm, xterm-256color, screen, tmux, ansi, ... */
	VT_VT100,  /* vt100, vt102, vt220: PF1-PF4 for F1-F4, no F5+ in
		      vt100 (vt220's CSI n ~ for F5-F20) */
	VT_LINUX,  /* the Linux console: F1-F5 as CSI [ A-E, then as a
		      vt220; Home CSI 1 ~, End CSI 4 ~, BTab Esc Tab */
	VT_VT100PLUS /* vt100+: a BIOS's console redirection (Microsoft's
			headless guidelines, as BIOSes and EMS read keys):
			F1-F12 as Esc 1-9, 0, !, @; Home Esc h, End Esc k,
			Insert Esc +, Delete Esc -, PgUp Esc ?, PgDn Esc / */
};

/* Longest sequence vt_key_bytes writes, with room to spare. */
#define VT_KEY_MAX 16

/* The type TERM names (NULL: xterm). */
enum vt_term vt_term_from_name(const char *term);
/*
 * The bytes a VT of type term sends for key (keys.h): a character as
 * UTF-8, a control as itself, Meta as an Esc prefix, cursor keys as
 * CSI A..D or, in application cursor mode (app_cursor, DECCKM set by the
 * far side), SS3 A..D; Home, End, PgUp, PgDn, Insert, Delete, BTab and
 * F1..F20. Writes at most VT_KEY_MAX bytes into out and returns how many;
 * 0 for a key a VT has no bytes for (KEY_RESIZE, the mouse, F21+).
 */
size_t vt_key_bytes(enum vt_term term, int app_cursor, int key, char *out);

#endif
