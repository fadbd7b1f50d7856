/* The one place that includes curses, panel and menu (wide-character builds). */
#ifndef RACKCON_CURSES_WRAP_H
#define RACKCON_CURSES_WRAP_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>
#include <menu.h>
#include <panel.h>

#endif
