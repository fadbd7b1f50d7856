/* Key codes (characters, curses function keys, a Meta bit) and key names. */
#ifndef RACKCON_KEYS_H
#define RACKCON_KEYS_H

#include <stddef.h>

/*
 * A key is an int:
 *  - a Unicode code point for a character: 'q', 0xe9 for 'é'. Control keys
 *    are 0..31 (C-a is 1, Tab 9, Enter 13, Esc 27) and Backspace is 127;
 *  - KEYC_FUNC | a curses KEY_* code for a function key (KEY_UP, KEY_F(1),
 *    KEY_NPAGE, KEY_BTAB, KEY_RESIZE...);
 *  - either of these with KEYC_META or'ed in for Alt/Meta (Escape, then the
 *    key).
 * Negative values (KEYC_NONE) mean "no key".
 *
 * Names (key_from_name, key_to_name, and the keymap files):
 *  - a single printable character stands for itself, UTF-8 included: q Q ?
 *    é. The character # is written as itself ("bind # ...") since comments
 *    are whole lines only; "Hash" is an alias;
 *  - U+XXXX names any code point by its hexadecimal value;
 *  - named keys, case-insensitive: Up Down Left Right Home End PgUp (PageUp,
 *    PPage) PgDn (PageDown, NPage) Insert (IC) Delete (DC, Del) Backspace
 *    (BSpace) Enter (Return) Tab BTab (Shift-Tab, S-Tab) Esc (Escape) Space
 *    F1..F63 KPEnter Resize Mouse, and Key-N for any other curses key code N;
 *  - C-x or ^X for Control: letters, Space and @ (both 0), [ \ ] ^ _ and ?
 *    (Backspace). C-i is Tab, C-m is Enter and C-[ is Esc; C-Up and the like
 *    do not exist;
 *  - M-x for Meta with any other name after it: M-<, M-Up, M-C-a.
 * key_to_name() gives the first name listed (Enter, Esc, C-a, M-C-a, #) and
 * key_from_name(key_to_name(k)) == k for every valid key.
 *
 * Enter and Backspace each arrive in more than one form: key_normalise()
 * turns '\n' (C-j) and the keypad's KEY_ENTER into Enter (13), and
 * KEY_BACKSPACE into Backspace (127). C-h (8) stays itself. The keymap
 * normalises both when binding and when looking up.
 */

#define KEYC_NONE (-1)
#define KEYC_FUNC 0x01000000
#define KEYC_META 0x02000000
#define KEYC_MASK 0x00ffffff /* the code point or curses code */

#define KEYC_CTRL(c) ((c) & 0x1f) /* KEYC_CTRL('a') == 1 */
#define KEYC_TAB     9
#define KEYC_ENTER   13
#define KEYC_ESCAPE  27
#define KEYC_SPACE   32
#define KEYC_BSPACE  127

/* Longest name key_to_name() writes, with its NUL. */
#define KEYC_NAME_MAX 32

/*
 * Our key for what wget_wch() returned: rc is its return value (OK,
 * KEY_CODE_YES or ERR), ch what it stored. KEYC_NONE for ERR or a value
 * that is no key. The caller adds KEYC_META itself after an Escape.
 */
int keys_from_wch(int rc, unsigned long ch);
/* Enter and Backspace in their one bindable form; other keys unchanged. */
int key_normalise(int key);
/* 1 if key is a key code key_to_name() can name, else 0. */
int key_is_valid(int key);
/* The key a name stands for, or KEYC_NONE. */
int key_from_name(const char *name);
/* Write key's name into buf (KEYC_NAME_MAX is enough) and return buf;
 * "Invalid" for a value that is no key. */
const char *key_to_name(int key, char *buf, size_t len);

#endif
